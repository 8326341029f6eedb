import { useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { EFFORT_LABEL, PRIORITIES, type Finding, type Priority } from '../../../audit/findings.js';
import type { ExcerptLine } from '../../../audit/excerpt.js';
import { useKeys } from '../hooks/use-keys.js';
import { scrollTop } from '../hooks/use-scroll-window.js';
import { useTheme } from '../hooks/use-theme.js';
import { plural, sanitizeLine, sanitizeText } from '../text.js';
import type { Tone } from '../theme.js';

const TONE: Record<Priority, Tone> = { critical: 'fail', high: 'warn', medium: 'info', low: 'muted' };
const LABEL: Record<Priority, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

type Row = { kind: 'group'; priority: Priority; count: number } | { kind: 'finding'; finding: Finding; index: number };

/** Priority headers and their findings as display rows; `index` counts findings only (the cursor moves over findings). */
export function auditRows(findings: Finding[]): Row[] {
  const rows: Row[] = [];
  let index = 0;
  for (const priority of PRIORITIES) {
    const group = findings.filter((f) => f.priority === priority);
    if (!group.length) continue;
    rows.push({ kind: 'group', priority, count: group.length });
    for (const finding of group) rows.push({ kind: 'finding', finding, index: index++ });
  }
  return rows;
}

const where = (f: Finding) => `${f.file}:${f.line}${f.endLine > f.line ? `-${f.endLine}` : ''}`;

export interface AuditViewProps {
  /** Sorted by priority (the audit's own order). */
  findings: Finding[];
  /** One line above the list, e.g. "12 findings in 5 files". */
  summary: string;
  /** The finding's lines with context, secrets masked; a string when the file cannot be read. */
  excerpt(finding: Finding): ExcerptLine[] | string;
  onQuit(): void;
  /** Rows available. */
  height: number;
  isFocused?: boolean;
}

/**
 * The audit in a terminal: findings grouped by priority (↑/↓ j/k, PgUp/PgDn, g/G, Tab to the
 * next priority); Enter opens a finding with its file lines, why and what to do (n/p move to the
 * next/previous finding, Esc goes back); q quits.
 */
export function AuditView({ findings, summary, excerpt, onQuit, height, isFocused = true }: AuditViewProps) {
  const t = useTheme();
  // Findings in display order (grouped by priority), whatever order they came in.
  const rows = useMemo(() => auditRows(findings), [findings]);
  const ordered = useMemo(() => rows.flatMap((r) => (r.kind === 'finding' ? [r.finding] : [])), [rows]);
  const [cursor, setCursor] = useState(0);
  const [open, setOpen] = useState(false);
  const top = useRef(0);
  const last = ordered.length - 1;
  const listHeight = Math.max(3, height - 4);
  const move = (to: number) => setCursor(Math.max(0, Math.min(last, to)));

  useKeys(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) return onQuit();
      if (open) {
        if (key.escape || key.leftArrow || key.backspace || input === 'b' || input === 'h') setOpen(false);
        else if (input === 'n' || key.downArrow || input === 'j') move(cursor + 1);
        else if (input === 'p' || key.upArrow || input === 'k') move(cursor - 1);
        return;
      }
      if (key.escape) return onQuit();
      if (key.downArrow || input === 'j') move(cursor + 1);
      else if (key.upArrow || input === 'k') move(cursor - 1);
      else if (key.pageDown) move(cursor + listHeight - 1);
      else if (key.pageUp) move(cursor - listHeight + 1);
      else if (input === 'g' || key.home) move(0);
      else if (input === 'G' || key.end) move(last);
      else if (key.tab) {
        // The first finding of the next priority group, wrapping around.
        const p = ordered[cursor]?.priority;
        const next = ordered.findIndex((f, i) => i > cursor && f.priority !== p);
        move(next >= 0 ? next : 0);
      } else if ((key.return || key.rightArrow || input === 'l' || input === 'o') && ordered.length) setOpen(true);
    },
    { isActive: isFocused },
  );

  if (!ordered.length) {
    return (
      <Box flexDirection="column">
        <Text {...t('accent')}>migrate-wizard audit</Text>
        <Text {...t('ok')}>✓ No findings: nothing in this repository needs to change.</Text>
        <Text {...t('muted')}>q quits</Text>
      </Box>
    );
  }

  const current = ordered[Math.min(cursor, last)]!;
  if (open) return <FindingDetail finding={current} position={`${cursor + 1}/${ordered.length}`} excerpt={excerpt} height={height} />;

  const cursorRow = rows.findIndex((r) => r.kind === 'finding' && r.index === cursor);
  let first = scrollTop(top.current, cursorRow, rows.length, listHeight);
  // Keep a group's header in view with its first finding.
  if (first === cursorRow && first > 0 && rows[first - 1]!.kind === 'group') first--;
  top.current = first;
  const visible = rows.slice(first, first + listHeight);
  // Where first, in a column: the place to open is what a row is for; titles may be cut.
  const locWidth = Math.min(32, Math.max(0, ...visible.map((r) => (r.kind === 'finding' ? where(r.finding).length : 0))));

  return (
    <Box flexDirection="column">
      <Text {...t('accent')} wrap="truncate-end">
        migrate-wizard audit · {sanitizeLine(summary)}
      </Text>
      <Box flexDirection="column" marginTop={1}>
        {visible.map((row) =>
          row.kind === 'group' ? (
            <Text key={`g-${row.priority}`} {...t(TONE[row.priority])} bold={!t.noColor} wrap="truncate-end">
              {LABEL[row.priority]} ({row.count})
            </Text>
          ) : (
            <Text key={row.finding.id} wrap="truncate-end" {...(row.index === cursor ? t('selected') : {})}>
              {row.index === cursor ? '› ' : '  '}
              <Text {...(row.index === cursor ? {} : t('muted'))}>{sanitizeLine(where(row.finding)).padEnd(locWidth)}</Text>
              {'  '}
              {sanitizeLine(row.finding.title)}
            </Text>
          ),
        )}
      </Box>
      <Text {...t('muted')} wrap="truncate-end">
        {first + listHeight < rows.length ? `↓ ${plural(rows.length - first - listHeight, 'more row')} · ` : ''}↑↓ move · Enter open · Tab next priority · q quit
      </Text>
    </Box>
  );
}

function FindingDetail({ finding, position, excerpt, height }: { finding: Finding; position: string; excerpt: AuditViewProps['excerpt']; height: number }) {
  const t = useTheme();
  const lines = useMemo(() => excerpt(finding), [finding, excerpt]);
  // Title, meta, two rules, why, action, related, keys: about 10 rows; the excerpt gets the rest.
  const room = Math.max(3, height - 10);
  const shown = typeof lines === 'string' ? [] : fit(lines, room);
  const width = typeof lines === 'string' ? 0 : String(lines.at(-1)?.line ?? 0).length;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text {...t(TONE[finding.priority])}>[{finding.priority.toUpperCase()}]</Text> <Text {...t('title')}>{sanitizeLine(finding.title)}</Text>
      </Text>
      <Text {...t('muted')} wrap="truncate-end">
        {sanitizeLine(where(finding))} · {finding.area} · effort {EFFORT_LABEL[finding.effort]} · {finding.rule} · {position}
      </Text>
      <Box flexDirection="column" marginTop={1} marginBottom={1}>
        {typeof lines === 'string' ? (
          <Text {...t('warn')}>{sanitizeLine(lines)}</Text>
        ) : (
          shown.map((l) => (
            <Text key={l.line} wrap="truncate-end" {...(l.inRange ? t('accent') : t('muted'))}>
              {l.inRange ? '›' : ' '} {String(l.line).padStart(width)}  {sanitizeLine(l.text)}
            </Text>
          ))
        )}
      </Box>
      <Text wrap="wrap">
        <Text {...t('title')}>Why: </Text>
        {sanitizeText(finding.why)}
      </Text>
      <Text wrap="wrap">
        <Text {...t('title')}>Do: </Text>
        {sanitizeText(finding.action)}
      </Text>
      {finding.related?.length ? (
        <Text wrap="truncate-end">
          <Text {...t('title')}>Also: </Text>
          {finding.related.map((r) => `${r.file}:${r.line}`).join(', ')}
        </Text>
      ) : null}
      <Text {...t('muted')} wrap="truncate-end">
        Esc back · n/p next/previous finding · q quit
      </Text>
    </Box>
  );
}

/** At most `room` lines, keeping the finding's own lines (trimming context first, then the range's end). */
export function fit(lines: ExcerptLine[], room: number): ExcerptLine[] {
  if (lines.length <= room) return lines;
  const firstIn = Math.max(0, lines.findIndex((l) => l.inRange));
  const start = Math.max(0, Math.min(firstIn - 1, lines.length - room));
  return lines.slice(start, start + room);
}
