/** Text clean-up for terminal output we did not produce (command output, file names, diffs). */

// CSI/OSC and other escape sequences: command output may carry colours or cursor moves
// that would break the layout around them.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** One printable line: escapes and control characters removed, tabs expanded, carriage returns resolved. */
export function sanitizeLine(line: string): string {
  let s = line;
  // A progress bar rewrites its line with \r; only the last rewrite is what a terminal would show.
  const cr = s.lastIndexOf('\r', s.length - 2);
  if (cr >= 0) s = s.slice(cr + 1);
  // Newlines would break the row budget of the screen around it: one line means one row.
  return s.replace(ESCAPES, '').replace(/\t/g, '  ').replace(/\r?\n/g, ' ').replace(CONTROLS, '');
}

/** Prose (a step's why, a description): each line cleaned, the line breaks kept. */
export function sanitizeText(text: string): string {
  return text.split('\n').map(sanitizeLine).join('\n');
}

/** The first non-empty line of a message, marked with … when there is more: for one-row places. */
export function firstLine(text: string): string {
  const lines = text.split('\n').map((l) => sanitizeLine(l).trimEnd()).filter((l) => l.trim() !== '');
  if (lines.length === 0) return '';
  return lines.length > 1 ? `${lines[0]} …` : lines[0]!;
}

/** Counts of added and removed lines in a unified diff. */
export function diffStats(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { added, removed };
}

/** "1.2s" / "340ms": durations as a person reads them. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m}m${String(s).padStart(2, '0')}s`;
}

/** Singular or plural: plural(1, 'file') → "1 file". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${groupThousands(n)} ${n === 1 ? word : many}`;
}

/** 200000 → "200,000". Not toLocaleString: its first call loads ICU data (~100 ms, measured). */
export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Prose wrapped at word boundaries to `width` columns. Ink wraps without trimming, so a word that
 * ends exactly at the edge pushes the following space to the start of the next row (" both torn
 * down."); wrapping first, with the spaces at the breaks dropped, avoids that. Words longer than a
 * row are left for Ink to cut.
 */
export function wrapProse(text: string, width: number): string {
  if (width < 1) return text;
  return text
    .split('\n')
    .map((line) => {
      const rows: string[] = [];
      let row = '';
      for (const word of line.split(/ +/)) {
        if (row && [...row].length + 1 + [...word].length > width) {
          rows.push(row);
          row = word;
        } else row = row ? `${row} ${word}` : word;
      }
      rows.push(row);
      return rows.join('\n');
    })
    .join('\n');
}
