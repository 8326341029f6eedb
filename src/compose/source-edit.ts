/**
 * Edits to a YAML file as splices of its source text, located through the parsed
 * Document's node ranges. Everything not edited stays byte-identical: comments, key order,
 * anchors, merge keys, quoting, indentation, blank lines, missing final newlines.
 * (Re-serialising the Document would re-fold long lines, re-indent and move comments.)
 */
import { isAlias, isMap, isScalar, isSeq, Lexer, parse, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { UserError } from '../engine/errors.js';

interface Splice {
  start: number;
  end: number;
  text: string;
}

export interface SourceComment {
  offset: number;
  text: string;
}

export class SourceEditor {
  private splices: Splice[] = [];
  readonly comments: readonly SourceComment[];

  constructor(
    readonly src: string,
    readonly doc: Document.Parsed,
    readonly file: string,
  ) {
    this.comments = collectComments(src);
  }

  /** The line break style of the file, kept for inserted lines. */
  get eol(): string {
    return /\r\n/.test(this.src) ? '\r\n' : '\n';
  }

  replace(start: number, end: number, text: string): void {
    this.splices.push({ start, end, text });
  }

  insert(offset: number, text: string): void {
    this.splices.push({ start: offset, end: offset, text });
  }

  /** Comments that start inside [start, end), as full lines at `indent`, so removed text never loses one. */
  commentsIn(start: number, end: number, indent: string): string[] {
    return this.comments.filter((c) => c.offset >= start && c.offset < end).map((c) => indent + c.text);
  }

  apply(): string {
    const sorted = [...this.splices].sort((a, b) => a.start - b.start || a.end - b.end);
    let out = '';
    let pos = 0;
    for (const s of sorted) {
      if (s.start < pos) throw new Error(`${this.file}: overlapping edits at offset ${s.start}`);
      out += this.src.slice(pos, s.start) + s.text;
      pos = s.end;
    }
    return out + this.src.slice(pos);
  }

  lineStart(offset: number): number {
    return this.src.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Offset of the line break ending the line that holds `offset` (or the end of the file). */
  lineEnd(offset: number): number {
    const i = this.src.indexOf('\n', offset);
    if (i < 0) return this.src.length;
    return this.src[i - 1] === '\r' ? i - 1 : i;
  }

  /** The whitespace before the first character of the line that holds `offset`. */
  indentOf(offset: number): string {
    const ls = this.lineStart(offset);
    return /^[ \t]*/.exec(this.src.slice(ls))![0];
  }

  column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** Back over trailing whitespace and line breaks: node ranges of block collections include them. */
  contentEnd(offset: number): number {
    let e = offset;
    while (e > 0 && /\s/.test(this.src[e - 1])) e--;
    return e;
  }

  /** True when only whitespace (or `- `) precedes `offset` on its line. */
  startsLine(offset: number): boolean {
    return /^[ \t]*(- +)*$/.test(this.src.slice(this.lineStart(offset), offset));
  }

  // --- node-level helpers --------------------------------------------------

  private anchors?: Map<string, Node[]>;

  /** The node an alias points to (the last anchor of that name before it), or the node itself. */
  resolve(node: unknown): Node | null {
    if (!isAlias(node)) return (node as Node | null) ?? null;
    // Alias.resolve scans the whole document on every call; one scan for all of them instead.
    if (!this.anchors) {
      const anchors = new Map<string, Node[]>();
      visit(this.doc, {
        Node(_key, n) {
          if (n.anchor) anchors.set(n.anchor, [...(anchors.get(n.anchor) ?? []), n]);
        },
      });
      this.anchors = anchors;
    }
    const at = node.range?.[0] ?? Infinity;
    const candidates = (this.anchors.get(node.source) ?? []).filter((n) => (n.range?.[0] ?? 0) < at);
    return candidates[candidates.length - 1] ?? null;
  }

  setScalar(node: Scalar, value: string | number): void {
    const [start, end] = node.range!;
    this.replace(start, end, renderScalar(value, node.type));
  }

  /** Append text to a scalar's value in place (inside its quotes), e.g. a `-dev` suffix. */
  suffixScalar(node: Scalar, suffix: string): void {
    const [start, end] = node.range!;
    const raw = this.src.slice(start, end);
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
      const q = raw[raw.length - 1];
      this.replace(end - 1, end, (node.type === 'QUOTE_DOUBLE' ? JSON.stringify(suffix).slice(1, -1) : suffix.replace(/'/g, "''")) + q);
    } else if (node.type === 'PLAIN') {
      this.insert(end, suffix);
    } else {
      this.setScalar(node, String(node.value) + suffix);
    }
  }

  /** Indentation used by the keys of a block mapping. */
  mapIndent(map: YAMLMap): string {
    const first = map.items[0]?.key as Node | undefined;
    if (!first?.range) throw new UserError(`${this.file}: cannot find where to add keys`, 64);
    return ' '.repeat(this.column(first.range[0]));
  }

  /** End of a pair's value (or key), for inserting after it. */
  pairEnd(pair: Pair): number {
    const v = pair.value as Node | null;
    const k = pair.key as Node;
    return v?.range ? Math.max(this.contentEnd(v.range[1]), k.range![1]) : k.range![1];
  }

  /**
   * Add `key: value` lines to a block mapping, after its last pair. `lines` are relative to
   * the mapping's indentation (first line is `key: ...`).
   */
  appendToMap(map: YAMLMap, lines: string[]): void {
    if (map.flow) {
      // `{image: x}`: the same keys, written as flow pairs before the closing brace.
      const added = parse(lines.join('\n')) as Record<string, unknown>;
      const close = this.src.lastIndexOf('}', map.range![1]);
      const pairs = Object.entries(added).map(([k, v]) => `${renderScalar(k)}: ${renderFlow(v)}`);
      this.insert(close, (map.items.length > 0 ? ', ' : '') + pairs.join(', '));
      return;
    }
    const indent = this.mapIndent(map);
    const last = map.items[map.items.length - 1];
    const at = this.lineEnd(Math.max(this.pairEnd(last) - 1, 0));
    this.insert(at, lines.map((l) => this.eol + indent + l).join(''));
  }

  /** Add items to a sequence (block or flow). Items are already-rendered YAML scalars or flow nodes. */
  appendToSeq(seq: YAMLSeq, items: string[]): void {
    if (seq.flow) {
      const end = seq.range![1];
      const close = this.src.lastIndexOf(']', end);
      const sep = seq.items.length > 0 ? ', ' : '';
      // A comment cannot sit inside [...]; callers keep those elsewhere.
      this.insert(close, sep + items.map((i) => i.replace(/\s+#.*$/, '')).join(', '));
      return;
    }
    const lastItem = seq.items[seq.items.length - 1] as Node;
    const dash = this.src.lastIndexOf('-', lastItem.range![0]);
    const indent = ' '.repeat(this.column(dash));
    const at = this.lineEnd(Math.max(this.contentEnd(lastItem.range![1]) - 1, 0));
    this.insert(at, items.map((i) => this.eol + indent + '- ' + i).join(''));
  }

  /** Remove a pair from a block mapping, keeping its comments as full-line comments. */
  removePair(pair: Pair): void {
    const k = pair.key as Node;
    if (!this.startsLine(k.range![0])) {
      // Inside `{...}`: the pair and one separating comma go.
      const end = this.pairEnd(pair);
      const after = /^\s*,\s*/.exec(this.src.slice(end));
      if (after) return this.replace(k.range![0], end + after[0].length, '');
      const before = /,\s*$/.exec(this.src.slice(0, k.range![0]));
      return this.replace(before ? k.range![0] - before[0].length : k.range![0], end, '');
    }
    const start = this.lineStart(k.range![0]);
    const stop = this.lineEnd(Math.max(this.pairEnd(pair) - 1, k.range![1]));
    const indent = this.indentOf(k.range![0]);
    this.removeLines(start, stop, this.commentsIn(start, stop, indent));
  }

  /**
   * Remove whole lines [start, stop) (stop = a line end), leaving `kept` lines in their place.
   * The line break *before* them goes, so an insertion at `stop` (e.g. a key appended to the same
   * mapping) does not overlap this removal.
   */
  private removeLines(start: number, stop: number, kept: string[]): void {
    if (start === 0) {
      const end = stop + (this.src.slice(stop, stop + 2) === '\r\n' ? 2 : this.src[stop] === '\n' ? 1 : 0);
      this.replace(0, end, kept.map((c) => c + this.eol).join(''));
      return;
    }
    const from = this.src[start - 2] === '\r' ? start - 2 : start - 1;
    this.replace(from, stop, kept.map((c) => this.eol + c).join(''));
  }

  /** Remove an item from a block sequence, keeping its comments. */
  removeSeqItem(seq: YAMLSeq, item: Node): void {
    if (seq.flow) {
      const idx = seq.items.indexOf(item as never);
      const [s, e] = item.range!;
      if (seq.items.length === 1) {
        this.replace(s, e, '');
        return;
      }
      const next = seq.items[idx + 1] as Node | undefined;
      if (next?.range) this.replace(s, next.range[0], '');
      else {
        const prev = seq.items[idx - 1] as Node;
        this.replace(prev.range![1], e, '');
      }
      return;
    }
    const dash = this.src.lastIndexOf('-', item.range![0]);
    const start = this.lineStart(dash);
    const stop = this.lineEnd(Math.max(this.contentEnd(item.range![1]) - 1, item.range![0]));
    this.removeLines(start, stop, this.commentsIn(start, stop, this.indentOf(dash)));
  }

  /**
   * Replace a pair's value with block lines (relative indentation; they are indented under the key).
   * Comments inside the old value are kept above the new value.
   */
  replaceValueWithBlock(pair: Pair, lines: string[]): void {
    const k = pair.key as Node;
    const v = pair.value as Node;
    if (!this.startsLine(k.range![0])) {
      // Inside `{...}` block lines are not allowed: the same value, in flow style.
      const end = v?.range ? this.contentEnd(v.range[1]) : k.range![1];
      const start = v?.range ? v.range[0] : end;
      this.replace(start, end, renderFlow(parse(lines.join('\n'))));
      return;
    }
    const colon = this.src.indexOf(':', k.range![1]);
    const keyIndent = ' '.repeat(this.column(k.range![0]));
    const childIndent = keyIndent + '  ';
    const start = colon + 1;
    const end = this.contentEnd(v.range![1]);
    // An inline comment right after the key (`key: # note`) stays where it is.
    const kept = this.commentsIn(start, end, childIndent);
    const body = [...kept, ...lines.map((l) => childIndent + l)];
    // An anchor on the old value stays on the new one, so aliases keep working.
    const props = (v.anchor ? ` &${v.anchor}` : '') + (v.tag && !v.tag.startsWith('tag:yaml.org') ? ` ${v.tag}` : '');
    this.replace(start, end, props + body.map((l) => this.eol + l).join(''));
  }
}

/**
 * Every `#` comment in the source, with its offset. From the lexer, so `#` inside quoted or block
 * scalars is not one (its tokens concatenate to the source, apart from a few control characters).
 */
// Derivations compare a file's comments with its source's, so the same text is asked about again.
const commentsOf = new Map<string, readonly SourceComment[]>();

/** Comments a parse already saw (see parse.ts), so they need no lexing of their own. */
export function noteComments(src: string, comments: readonly SourceComment[]): void {
  commentsOf.set(src, comments);
  if (commentsOf.size > 8) commentsOf.delete(commentsOf.keys().next().value!);
}

export function collectComments(src: string): readonly SourceComment[] {
  const hit = commentsOf.get(src);
  if (hit) return hit;
  const out = lexComments(src);
  commentsOf.set(src, out);
  if (commentsOf.size > 8) commentsOf.delete(commentsOf.keys().next().value!);
  return out;
}

export function lexComments(src: string): SourceComment[] {
  const out: SourceComment[] = [];
  let offset = 0;
  let afterScalarMark = false;
  for (const tok of new Lexer().lex(src)) {
    if (tok === '\x02' || tok === '\x18' || tok === '\x1f') {
      afterScalarMark = tok === '\x1f';
      continue;
    }
    if (tok[0] === '#' && !afterScalarMark) out.push({ offset, text: tok });
    afterScalarMark = false;
    offset += tok.length;
  }
  return out;
}

/** Plain (unquoted) is kept only when YAML 1.1 and 1.2 both read the text back as this same string. */
function plainSafe(v: string): boolean {
  if (v === '' || /^\s|\s$/.test(v)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) && !/^-[^\s-]/.test(v)) return false;
  if (/: |:$| #|[\t\n]/.test(v)) return false;
  // Booleans, nulls and numbers in either YAML version, including 1.1's base-60 `12:34`.
  if (/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(v)) return false;
  if (/^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v) || /^\d+(:[0-5]?\d)+$/.test(v) || /^0[xob]/i.test(v)) return false;
  return true;
}

/** A scalar as YAML source text, keeping the original quoting where it can. */
export function renderScalar(value: string | number, style?: string): string {
  if (typeof value === 'number') return style === 'QUOTE_DOUBLE' ? `"${value}"` : style === 'QUOTE_SINGLE' ? `'${value}'` : String(value);
  if (style === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (style === 'QUOTE_DOUBLE') return JSON.stringify(value);
  return plainSafe(value) ? value : JSON.stringify(value);
}

/** A JS value as a one-line YAML flow node. */
export function renderFlow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(renderFlow).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${renderScalar(k)}: ${renderFlow(x)}`).join(', ')}}`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(String(v));
}

/** Pair with a given key in a map node (resolving nothing). */
export function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

export { isMap, isScalar, isSeq };
