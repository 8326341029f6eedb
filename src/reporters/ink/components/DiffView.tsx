import { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { useTheme } from '../hooks/use-theme.js';
import type { Tone } from '../theme.js';
import { diffStats, sanitizeLine } from '../text.js';

export interface FileDiff {
  path: string;
  diff: string;
}

type DiffLine =
  | { kind: 'file'; fileIndex: number; path: string; added: number; removed: number; collapsed: boolean; renamedFrom?: string }
  | { kind: 'line'; fileIndex: number; text: string; tone?: Tone };

/** The diff as display lines: a header per file, its body only when expanded. */
export function diffLines(diffs: FileDiff[], collapsed: ReadonlySet<number>): DiffLine[] {
  const out: DiffLine[] = [];
  diffs.forEach((d, fileIndex) => {
    const { added, removed } = diffStats(d.diff);
    const isCollapsed = collapsed.has(fileIndex);
    const renamedFrom = renamedFromOf(d.diff);
    out.push({ kind: 'file', fileIndex, path: d.path, added, removed, collapsed: isCollapsed, renamedFrom });
    if (isCollapsed) return;
    for (const raw of d.diff.split('\n')) {
      // The file header is already shown; `Index:`/`===` lines from jsdiff add nothing.
      if (raw.startsWith('---') || raw.startsWith('+++') || raw.startsWith('Index:') || /^=+$/.test(raw)) continue;
      if (raw.startsWith('rename from ') || raw.startsWith('rename to ')) continue; // in the header
      if (raw === '' ) continue;
      const tone: Tone | undefined = raw.startsWith('+')
        ? 'add'
        : raw.startsWith('-')
          ? 'del'
          : raw.startsWith('@@')
            ? 'hunk'
            : raw.startsWith('\\')
              ? 'muted'
              : undefined;
      out.push({ kind: 'line', fileIndex, text: sanitizeLine(raw), tone });
    }
  });
  return out;
}

/** The old path of a renamed file, from git-style "rename from X" lines. */
export function renamedFromOf(diff: string): string | undefined {
  return /^rename from (.+)$/m.exec(diff)?.[1];
}

/** One-line summary of a file's change: "▸ path  +12 −3", or "▸ new ← old" for a rename. */
export function FileHeader({
  path,
  added,
  removed,
  open,
  renamedFrom,
}: {
  path: string;
  added: number;
  removed: number;
  open: boolean;
  renamedFrom?: string;
}) {
  const t = useTheme();
  const counts = !renamedFrom || added > 0 || removed > 0;
  return (
    <Box>
      <Text {...t('title')}>{open ? '▾ ' : '▸ '}</Text>
      <Box flexShrink={1} flexGrow={1}>
        <Text {...t('title')} wrap="truncate-start">
          {path}
          {renamedFrom ? <Text {...t('muted')}> ← {renamedFrom}</Text> : null}
        </Text>
      </Box>
      <Box flexShrink={0} marginLeft={1}>
        {counts ? (
          <Text>
            <Text {...t('add')}>+{added}</Text> <Text {...t('del')}>−{removed}</Text>
          </Text>
        ) : (
          <Text {...t('muted')}>renamed</Text>
        )}
      </Box>
    </Box>
  );
}

/** Display lines of a diff, coloured: file headers and +/-/@@ lines. */
export function DiffBody({ lines }: { lines: DiffLine[] }) {
  const t = useTheme();
  return (
    <Box flexDirection="column">
      {lines.map((l, i) =>
        l.kind === 'file' ? (
          <FileHeader key={`f${i}`} path={l.path} added={l.added} removed={l.removed} open={!l.collapsed} renamedFrom={l.renamedFrom} />
        ) : (
          <Text key={`l${i}`} {...t(l.tone)} wrap="truncate-end">
            {l.text}
          </Text>
        ),
      )}
    </Box>
  );
}

/**
 * A scrollable, coloured unified diff, collapsible per file.
 * ↑/↓ j/k scroll · PgUp/PgDn/space page · n/Tab next file · N previous · Enter/o fold the file at the
 * top · c fold all · e unfold all · q/Esc back.
 */
export function DiffView({
  diffs,
  height,
  onClose,
  isFocused = true,
  startCollapsed = false,
}: {
  diffs: FileDiff[];
  height: number;
  onClose(): void;
  isFocused?: boolean;
  startCollapsed?: boolean;
}) {
  const t = useTheme();
  const [collapsed, setCollapsed] = useState<Set<number>>(
    () => new Set(startCollapsed ? diffs.map((_, i) => i) : []),
  );
  const [topState, setTopState] = useState(0);
  const lines = diffLines(diffs, collapsed);
  const body = Math.max(1, height - 2);
  const maxTop = Math.max(0, lines.length - body);
  const clampedTop = Math.min(topState, maxTop);
  // Keys can outrun renders: act on the latest scroll position and folds, not this render's.
  const latest = useRef({ top: clampedTop, collapsed, lines, maxTop });
  latest.current = { top: clampedTop, collapsed, lines, maxTop };
  const setTop = (top: number) => {
    latest.current = { ...latest.current, top };
    setTopState(top);
  };

  const headerRow = (fileIndex: number, set: ReadonlySet<number>) =>
    diffLines(diffs, set).findIndex((l) => l.kind === 'file' && l.fileIndex === fileIndex);

  useKeys(
    (input, key) => {
      const { top: clampedTop, collapsed, lines, maxTop } = latest.current;
      const currentFile = lines[clampedTop]?.fileIndex ?? 0;
      if (key.escape || input === 'q' || key.leftArrow) return onClose();
      if (key.upArrow || input === 'k') return setTop(Math.max(0, clampedTop - 1));
      if (key.downArrow || input === 'j') return setTop(Math.min(maxTop, clampedTop + 1));
      if (key.pageDown || input === ' ' || input === 'f') return setTop(Math.min(maxTop, clampedTop + body));
      if (key.pageUp) return setTop(Math.max(0, clampedTop - body));
      if (input === 'g' || key.home) return setTop(0);
      if (input === 'G' || key.end) return setTop(maxTop);
      if (input === 'n' || (key.tab && !key.shift)) {
        const next = Math.min(diffs.length - 1, currentFile + 1);
        return setTop(Math.max(0, headerRow(next, collapsed)));
      }
      if (input === 'N' || (key.tab && key.shift)) {
        const row = headerRow(currentFile, collapsed);
        const prev = row < clampedTop ? currentFile : Math.max(0, currentFile - 1);
        return setTop(Math.max(0, headerRow(prev, collapsed)));
      }
      if (key.return || input === 'o') {
        const next = new Set(collapsed);
        if (next.has(currentFile)) next.delete(currentFile);
        else next.add(currentFile);
        setCollapsed(next);
        latest.current = { ...latest.current, collapsed: next, lines: diffLines(diffs, next) };
        return setTop(Math.max(0, headerRow(currentFile, next)));
      }
      if (input === 'c') {
        const all = new Set(diffs.map((_, i) => i));
        setCollapsed(all);
        latest.current = { ...latest.current, collapsed: all, lines: diffLines(diffs, all) };
        return setTop(0);
      }
      if (input === 'e') {
        const none = new Set<number>();
        setCollapsed(none);
        latest.current = { ...latest.current, collapsed: none, lines: diffLines(diffs, none) };
        return setTop(Math.max(0, headerRow(currentFile, none)));
      }
    },
    { isActive: isFocused },
  );

  if (diffs.length === 0) {
    return <Text {...t('muted')}>No file changes in this step.</Text>;
  }
  return (
    <Box flexDirection="column">
      <Text {...t('muted')} wrap="truncate-end">
        {diffs.length === 1 ? '1 file' : `${diffs.length} files`} · lines {clampedTop + 1}–
        {Math.min(lines.length, clampedTop + body)} of {lines.length}
      </Text>
      <DiffBody lines={lines.slice(clampedTop, clampedTop + body)} />
      <Text {...t('muted')} wrap="truncate-end">
        ↑↓ scroll · space page · n next file · Enter fold · c/e fold/unfold all · q back
      </Text>
    </Box>
  );
}
