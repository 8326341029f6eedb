import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useTheme } from '../hooks/use-theme.js';
import type { PlaybookOutline, ProjectFacts, SavedRunInfo, StartChoice } from '../types.js';
import { Menu, type MenuItem } from './Menu.js';

/**
 * The first screen: what was detected, the playbook's phases, and — when a saved run exists —
 * Resume (naming the step) / Roll back / Start over / Quit. Keys r b s q.
 */
export function StartScreen({
  facts,
  saved,
  playbook,
  projectName,
  onAnswer,
  height,
  isFocused = true,
}: {
  facts: ProjectFacts;
  saved: SavedRunInfo | null;
  playbook?: PlaybookOutline;
  projectName?: string;
  onAnswer(choice: StartChoice): void;
  height: number;
  isFocused?: boolean;
}) {
  const t = useTheme();
  const stepName = saved ? (saved.stepTitle ? `${saved.stepTitle} (${saved.stepId})` : saved.stepId) : '';
  const items: MenuItem<StartChoice>[] = saved
    ? [
        { value: 'resume', label: `Resume at ${stepName}` },
        { value: 'rollback', label: 'Roll back everything the wizard did' },
        { value: 'start-over', label: 'Start over (rolls back first)' },
        { value: 'quit', label: 'Quit' },
      ]
    : [
        { value: 'resume', label: 'Start' },
        { value: 'quit', label: 'Quit' },
      ];

  useKeys(
    (input) => {
      if (input === 'q') onAnswer('quit');
      else if (saved && input === 'r') onAnswer('resume');
      else if (saved && input === 'b') onAnswer('rollback');
      else if (saved && input === 's') onAnswer('start-over');
    },
    { isActive: isFocused },
  );

  const yes = (ok: boolean) => <Text {...t(ok ? 'ok' : 'warn')}>{ok ? '✓' : '✗'}</Text>;
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : 'none found');
  const phases = playbook?.phases ?? [];
  // Facts take 6 rows, the menu its items; phases get what is left.
  const phaseRoom = Math.max(1, height - 6 - items.length - 6 - (saved ? 2 : 0));
  const shownPhases = phases.length > phaseRoom ? phases.slice(0, phaseRoom - 1) : phases;

  return (
    <Box flexDirection="column">
      <Text {...t('accent')} wrap="truncate-end">
        migrate-wizard{projectName ? ` · ${projectName}` : ''}
        {playbook ? ` · ${playbook.name}` : ''}
      </Text>
      <Box flexDirection="column" marginTop={1}>
        <Text wrap="truncate-end">
          {yes(!!facts.composeCli)} Compose CLI:{' '}
          {facts.composeCli ? `${facts.composeCli.name} ${facts.composeCli.version}` : 'not found'}
        </Text>
        <Text wrap="truncate-end">
          {yes(facts.composeFiles.length > 0)} Compose files: {list(facts.composeFiles)}
        </Text>
        <Text wrap="truncate-end">
          {yes(facts.envFiles.length > 0)} Env files: {list(facts.envFiles)}
        </Text>
        <Text wrap="truncate-end">
          {yes(facts.makefile)} Makefile: {facts.makefile ? 'found' : 'none'}
        </Text>
        <Text wrap="truncate-end">
          {yes(facts.engineReachable)} Container engine: {facts.engineReachable ? 'reachable' : 'not reachable (live checks will be skipped or fail)'}
        </Text>
      </Box>
      {phases.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          <Text {...t('title')}>Phases</Text>
          {shownPhases.map((p, i) => {
            const done = p.steps.filter((s) => s.status === 'passed' || s.status === 'skipped').length;
            return (
              <Box key={p.id}>
                <Box flexGrow={1} flexShrink={1}>
                  <Text wrap="truncate-end">
                    {'  '}
                    {i + 1}. {p.title}
                  </Text>
                </Box>
                <Box flexShrink={0} marginLeft={1}>
                  <Text {...t('muted')}>
                    {done > 0 ? `${done}/` : ''}
                    {p.steps.length} steps
                  </Text>
                </Box>
              </Box>
            );
          })}
          {shownPhases.length < phases.length && (
            <Text {...t('muted')}>  … {phases.length - shownPhases.length} more</Text>
          )}
        </Box>
      )}
      {saved && (
        <Box flexDirection="column" marginTop={1}>
          <Text {...t('warn')} wrap="truncate-end">
            A saved run stopped at {stepName}
            {saved.done !== undefined && saved.total !== undefined ? ` (${saved.done}/${saved.total} steps done)` : ''}.
          </Text>
          {saved.savedAt && (
            <Text {...t('muted')} wrap="truncate-end">
              Saved {saved.savedAt}
            </Text>
          )}
        </Box>
      )}
      <Box flexDirection="column" marginTop={1}>
        <Menu items={items} onSelect={onAnswer} isFocused={isFocused} />
        <Text {...t('muted')} wrap="truncate-end">
          {saved ? 'r resume · b roll back · s start over · q quit' : 'Enter starts · q quits'}
        </Text>
      </Box>
    </Box>
  );
}
