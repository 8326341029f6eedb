#!/usr/bin/env node
// Turn a terminal capture with SGR colour codes into an SVG picture of the terminal.
//
//   tmux capture-pane -e -p -t <pane> > screen.ansi
//   node scripts/ansi-to-svg.mjs screen.ansi --out docs/tui-checklist.svg [--title "..."] [--cols 100]
//
// Monospace text on a dark background, colours from the SGR codes (16 colours, 256 colours,
// truecolor; bold, dim, italic, underline, inverse). Only SGR is understood: a capture-pane
// screen has no cursor movement in it. Every cell sits at its column: ASCII runs are laid out
// with textLength (fonts differ in advance width), other characters (✓ ⠋ ›) get their own x,
// since they often come from a fallback font with another width.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A dark palette (close to VS Code's Dark+ terminal). Index 0-7 normal, 8-15 bright. */
const PALETTE16 = [
  '#1e1e1e', '#f14c4c', '#23d18b', '#e5e510', '#3b8eea', '#d670d6', '#29b8db', '#cccccc',
  '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#e5e5e5',
];
const DEFAULT_FG = '#d4d4d4';
const DEFAULT_BG = '#1e1e1e';

function color256(n) {
  if (n < 16) return PALETTE16[n];
  if (n < 232) {
    const i = n - 16;
    const level = (v) => (v === 0 ? 0 : 55 + v * 40);
    return rgb(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
  }
  const g = 8 + (n - 232) * 10;
  return rgb(g, g, g);
}

function rgb(r, g, b) {
  return `#${[r, g, b].map((v) => Math.max(0, Math.min(255, v)).toString(16).padStart(2, '0')).join('')}`;
}

function mix(a, b, t) {
  const c = (hex, i) => parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16);
  return rgb(...[0, 1, 2].map((i) => Math.round(c(a, i) * (1 - t) + c(b, i) * t)));
}

const PLAIN = Object.freeze({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });

/** Apply one SGR parameter list to a style; returns the new style. */
export function applySgr(style, params) {
  const s = { ...style };
  const p = params.length === 0 ? [0] : params;
  for (let i = 0; i < p.length; i++) {
    const n = p[i];
    if (n === 0) Object.assign(s, PLAIN);
    else if (n === 1) s.bold = true;
    else if (n === 2) s.dim = true;
    else if (n === 3) s.italic = true;
    else if (n === 4) s.underline = true;
    else if (n === 7) s.inverse = true;
    else if (n === 22) s.bold = s.dim = false;
    else if (n === 23) s.italic = false;
    else if (n === 24) s.underline = false;
    else if (n === 27) s.inverse = false;
    else if (n >= 30 && n <= 37) s.fg = PALETTE16[n - 30];
    else if (n >= 90 && n <= 97) s.fg = PALETTE16[n - 90 + 8];
    else if (n === 39) s.fg = null;
    else if (n >= 40 && n <= 47) s.bg = PALETTE16[n - 40];
    else if (n >= 100 && n <= 107) s.bg = PALETTE16[n - 100 + 8];
    else if (n === 49) s.bg = null;
    else if (n === 38 || n === 48) {
      const key = n === 38 ? 'fg' : 'bg';
      if (p[i + 1] === 5) {
        s[key] = color256(p[i + 2] ?? 0);
        i += 2;
      } else if (p[i + 1] === 2) {
        s[key] = rgb(p[i + 2] ?? 0, p[i + 3] ?? 0, p[i + 4] ?? 0);
        i += 4;
      }
    }
  }
  return s;
}

/** Split ANSI text into lines of styled runs: [{ text, style }]. Non-SGR escapes are dropped. */
export function parseAnsi(input) {
  const lines = [];
  let style = PLAIN;
  for (const raw of input.replace(/\r\n/g, '\n').split('\n')) {
    const runs = [];
    // eslint-disable-next-line no-control-regex
    const re = /\u001B\[([0-9;:]*)([A-Za-z])|\u001B[()][A-Z0-9]|\u001B[=>78]|([^\u001B]+)/g;
    let m;
    while ((m = re.exec(raw))) {
      if (m[3] !== undefined) {
        // eslint-disable-next-line no-control-regex
        const text = m[3].replace(/[\u0000-\u001F\u007F]/g, '');
        if (text) runs.push({ text, style });
      } else if (m[2] === 'm') {
        style = applySgr(style, m[1] ? m[1].split(/[;:]/).map((x) => Number(x) || 0) : []);
      }
    }
    lines.push(runs);
  }
  while (lines.length > 0 && lines[lines.length - 1].every((r) => !r.text.trim() && !r.style.bg && !r.style.inverse)) lines.pop();
  return lines;
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The SVG for parsed lines. */
export function renderSvg(lines, opts = {}) {
  const fontSize = opts.fontSize ?? 14;
  const cellW = fontSize * 0.6;
  const lineH = Math.round(fontSize * 1.4);
  const cols = opts.cols ?? Math.max(1, ...lines.map((runs) => runs.reduce((n, r) => n + [...r.text].length, 0)));
  const pad = 16;
  const bar = 32;
  const width = Math.ceil(cols * cellW + pad * 2);
  const height = Math.ceil(bar + lines.length * lineH + pad * 1.5);
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"${opts.title ? ` aria-label="${escapeXml(opts.title)}"` : ''}>`,
    `<style>text{font-family:ui-monospace,'SFMono-Regular','DejaVu Sans Mono',Menlo,Consolas,'Liberation Mono',monospace;font-size:${fontSize}px;white-space:pre}.b{font-weight:bold}.i{font-style:italic}.u{text-decoration:underline}</style>`,
    `<rect width="${width}" height="${height}" rx="8" fill="${DEFAULT_BG}"/>`,
    `<rect width="${width}" height="${bar - 6}" rx="8" fill="#2d2d2d"/><rect y="${bar - 14}" width="${width}" height="8" fill="#2d2d2d"/>`,
    ...['#ff5f56', '#ffbd2e', '#27c93f'].map((c, i) => `<circle cx="${pad + 4 + i * 20}" cy="${(bar - 6) / 2}" r="6" fill="${c}"/>`),
  );
  if (opts.title) {
    out.push(`<text x="${width / 2}" y="${(bar - 6) / 2 + 4}" text-anchor="middle" fill="#9d9d9d" style="font-size:12px">${escapeXml(opts.title)}</text>`);
  }
  lines.forEach((runs, row) => {
    const yTop = bar + pad / 2 + row * lineH;
    const baseline = yTop + Math.round(lineH * 0.75);
    let col = 0;
    const bgs = [];
    const texts = [];
    for (const { text, style } of runs) {
      let fg = style.fg ?? DEFAULT_FG;
      let bg = style.bg;
      if (style.inverse) [fg, bg] = [bg ?? DEFAULT_BG, fg];
      // Dim (faint) as a colour halfway to the background: SVG renderers differ on opacity in tspans.
      if (style.dim) fg = mix(fg, bg ?? DEFAULT_BG, 0.45);
      const chars = [...text];
      if (bg) bgs.push(`<rect x="${(pad + col * cellW).toFixed(1)}" y="${yTop}" width="${(chars.length * cellW).toFixed(1)}" height="${lineH}" fill="${bg}"/>`);
      const cls = [style.bold && 'b', style.italic && 'i', style.underline && 'u'].filter(Boolean).join(' ');
      const attrs = `${cls ? ` class="${cls}"` : ''}${fg !== DEFAULT_FG ? ` fill="${fg}"` : ''}`;
      // Pieces: runs of ASCII (laid out to their cell width) and single other characters.
      let i = 0;
      while (i < chars.length) {
        let j = i;
        if (chars[i] <= '\u007E') while (j < chars.length && chars[j] <= '\u007E') j++;
        else j = i + 1;
        const piece = chars.slice(i, j).join('');
        const x = (pad + (col + i) * cellW).toFixed(1);
        if (piece.trim()) {
          const fit = j - i > 1 ? ` textLength="${((j - i) * cellW).toFixed(1)}" lengthAdjust="spacingAndGlyphs"` : '';
          texts.push(`<tspan x="${x}"${fit}${attrs}>${escapeXml(piece)}</tspan>`);
        }
        i = j;
      }
      col += chars.length;
    }
    out.push(...bgs);
    if (texts.length > 0) out.push(`<text y="${baseline}" fill="${DEFAULT_FG}" xml:space="preserve">${texts.join('')}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function main(argv) {
  const args = [...argv];
  const take = (flag) => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const [, value] = args.splice(i, 2);
    return value;
  };
  const outFile = take('--out');
  const title = take('--title');
  const cols = take('--cols');
  const fontSize = take('--font-size');
  const input = args[0] && args[0] !== '-' ? readFileSync(args[0], 'utf8') : readFileSync(0, 'utf8');
  const svg = renderSvg(parseAnsi(input), {
    title,
    cols: cols ? Number(cols) : undefined,
    fontSize: fontSize ? Number(fontSize) : undefined,
  });
  if (outFile) writeFileSync(outFile, svg);
  else process.stdout.write(svg);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
