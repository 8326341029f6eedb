import { Box, Text } from 'ink';
import type { RunSummary } from '../../../engine/events.js';
import { useTheme } from '../hooks/use-theme.js';
import type { Tone } from '../theme.js';
import { firstLine } from '../text.js';

const HEADLINE: Record<string, { text: string; tone: Tone; hint?: string }> = {
  ok: { text: '✓ Done', tone: 'ok' },
  'nothing-to-do': { text: '✓ Nothing to do: everything is already in place', tone: 'ok' },
  failed: { text: '✗ Stopped: a step failed', tone: 'fail', hint: 'Your progress is saved: run migrate-wizard again to retry it.' },
  interrupted: { text: '■ Stopped. Your progress is saved; run migrate-wizard again to resume', tone: 'warn' },
  drift: { text: '⚠ Files changed outside the wizard (drift)', tone: 'warn' },
  changes: { text: 'Changes are planned', tone: 'info' },
};

/** The end of a run: what changed, what was skipped and why, and what to run next. */
export function SummaryScreen({
  status,
  summary,
  height,
  rolledBack,
}: {
  status: string;
  summary: RunSummary;
  height: number;
  /** Changes a rollback in this run restored (the rollback screen above lists them). */
  rolledBack?: number;
}) {
  const t = useTheme();
  const head = HEADLINE[status] ?? { text: status, tone: 'info' as Tone };
  type Section = { title: string; tone?: Tone; lines: string[] };
  const all: Section[] = [
    { title: 'Created', tone: 'add', lines: summary.created },
    { title: 'Changed', lines: summary.modified },
    { title: 'Renamed', lines: summary.renamed.map((r) => `${r.from} → ${r.to}`) },
    { title: 'Skipped', tone: 'warn', lines: summary.skipped.map((s) => `${s.stepId}: ${s.reason}`) },
    { title: 'Failed', tone: 'fail', lines: summary.failed.map((s) => `${s.stepId}: ${s.reason}`) },
    { title: 'Next', tone: 'info', lines: summary.next.map((c) => `$ ${c}`) },
  ];
  const sections = all.filter((s) => s.lines.length > 0);
  // Share the rows: every section keeps its title and at least one line.
  const fixed = 2 + (head.hint ? 1 : 0) + sections.length * 2 + (summary.logFile ? 1 : 0);
  const perSection = Math.max(1, Math.floor((height - fixed) / Math.max(1, sections.length)));

  return (
    <Box flexDirection="column">
      <Text {...t(head.tone)} wrap="truncate-end">
        {head.text}
      </Text>
      {head.hint && <Text>{head.hint}</Text>}
      {/* After a rollback the files did change: back to what they were. */}
      {sections.length === 0 && (
        <Text {...t('muted')}>
          {rolledBack ? `${rolledBack} change(s) rolled back.` : 'No files were changed.'}
        </Text>
      )}
      {sections.map((s) => {
        // Next commands matter most: never cut them.
        const limit = s.title === 'Next' ? s.lines.length : perSection;
        const shown = s.lines.length > limit ? s.lines.slice(0, Math.max(1, limit - 1)) : s.lines;
        return (
          <Box key={s.title} flexDirection="column" marginTop={1}>
            <Text {...t('title')}>
              {s.title} ({s.lines.length})
            </Text>
            {shown.map((l, i) => (
              <Text key={i} {...t(s.tone)} wrap="truncate-end">
                {'  '}
                {firstLine(l)}
              </Text>
            ))}
            {shown.length < s.lines.length && (
              <Text {...t('muted')}>  … {s.lines.length - shown.length} more</Text>
            )}
          </Box>
        );
      })}
      {summary.logFile && (
        <Text {...t('muted')} wrap="truncate-start">
          Full log: {summary.logFile}
        </Text>
      )}
    </Box>
  );
}
