import path from 'node:path';
import { expect, test } from 'vitest';
import { REPO } from '../helpers/cli.js';

type Style = { fg: string | null; bg: string | null; bold: boolean; dim: boolean; inverse: boolean };
type Run = { text: string; style: Style };
const mod = (await import(path.join(REPO, 'scripts/ansi-to-svg.mjs'))) as {
  parseAnsi(input: string): Run[][];
  renderSvg(lines: Run[][], opts?: { cols?: number; title?: string }): string;
};

test('parseAnsi: SGR colours and attributes carry across lines until reset; other escapes are dropped', () => {
  const lines = mod.parseAnsi('\u001B[1;32m✓ ok\n still green\u001B[0m plain \u001B[38;5;196mred\u001B[48;2;0;0;255m on blue\u001B[?25l\n\n');
  expect(lines).toHaveLength(2); // trailing empty lines dropped
  expect(lines[0]![0]).toMatchObject({ text: '✓ ok', style: { fg: '#23d18b', bold: true } });
  expect(lines[1]![0]).toMatchObject({ text: ' still green', style: { fg: '#23d18b', bold: true } });
  expect(lines[1]![1]).toMatchObject({ text: ' plain ', style: { fg: null, bold: false } });
  expect(lines[1]![2]).toMatchObject({ text: 'red', style: { fg: '#ff0000' } });
  expect(lines[1]![3]).toMatchObject({ text: ' on blue', style: { fg: '#ff0000', bg: '#0000ff' } });
});

test('renderSvg: every cell at its column, XML escaped, backgrounds and dim as colours', () => {
  const svg = mod.renderSvg(mod.parseAnsi('a<b & \u001B[2mdim\u001B[0m ✓ \u001B[7minv\u001B[0m'), { cols: 20, title: 'T & co' });
  expect(svg).toMatch(/^<svg [^>]*width="200"/); // 20 cols × 8.4 px + 2 × 16 px padding
  expect(svg).toContain('aria-label="T &amp; co"');
  expect(svg).toContain('<tspan x="16.0" textLength="50.4" lengthAdjust="spacingAndGlyphs">a&lt;b &amp; </tspan>');
  expect(svg).toMatch(/<tspan x="66\.4"[^>]* fill="#828282">dim<\/tspan>/); // col 6, dimmed fill
  expect(svg).toContain('<tspan x="100.0">✓</tspan>'); // non-ASCII glyphs get their own x
  expect(svg).toMatch(/<rect x="\d+\.\d" y="\d+" width="25\.2" height="\d+" fill="#d4d4d4"\/>/); // inverse: fg becomes the cell
});
