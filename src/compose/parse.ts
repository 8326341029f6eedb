/**
 * Load a Compose file as a `yaml` Document (comments, anchors and source ranges kept),
 * reject what Compose would reject with `file:line:col: message`, and offer a plain
 * JS view with merge keys resolved for analysis.
 */
import { Composer, isMap, isScalar, LineCounter, Parser, YAMLParseError, type Document, type Node, type YAMLMap } from 'yaml';
import { UserError } from '../engine/errors.js';
import { noteComments, type SourceComment } from './source-edit.js';

export interface ParsedCompose {
  /** Path as shown to users (project-relative). */
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** `file:line:col` for a source offset. */
  where(offset: number): string;
  /** Analysis view: merge keys (`<<`) resolved. Never serialise this back. */
  js(): Record<string, unknown>;
}

/**
 * One run parses the same files many times (derive, rename, checks); a parsed file is never
 * mutated (edits are source splices), so the last few are kept. The YAML work is shared by
 * text, because a derived file often has the same text as its source under another name.
 */
const recent = new Map<string, ParsedCompose>();
const recentTexts = new Map<string, ParsedText>();
const RECENT_MAX = 16;

interface ParsedText {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  js?: Record<string, unknown>;
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  map.set(key, value);
  if (map.size > RECENT_MAX) map.delete(map.keys().next().value!);
  return value;
}

export function parseComposeText(text: string, file: string): ParsedCompose {
  const key = `${file}\0${text}`;
  const hit = recent.get(key);
  if (hit) return hit;
  const shared = recentTexts.get(text) ?? remember(recentTexts, text, parseText(text));
  return remember(recent, key, wrap(shared, text, file));
}

/** True when this exact text was parsed in this run already, without YAML errors: no need to parse it again. */
export function parsedCleanly(text: string): boolean {
  const shared = recentTexts.get(text);
  return shared !== undefined && shared.doc.errors.length === 0;
}

/**
 * yaml's parseDocument, with a parser that notes the comments it passes: derivations compare
 * comments, and lexing a large file a second time just for them cost ~15 ms a file.
 */
function parseText(text: string): ParsedText {
  const lineCounter = new LineCounter();
  const parser = new CommentNotingParser(lineCounter.addNewLine);
  const composer = new Composer({ uniqueKeys: true, merge: true, lineCounter, prettyErrors: false, keepSourceTokens: false });
  let doc: Document.Parsed | null = null;
  for (const next of composer.compose(parser.parse(text), true, text.length)) {
    if (doc) {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
    doc = next;
  }
  if (doc!.errors.length === 0) noteComments(text, parser.comments);
  return { doc: doc!, lineCounter };
}

/** Notes comment tokens as the lexer hands them over, exactly as lexComments in source-edit.ts does. */
class CommentNotingParser extends Parser {
  readonly comments: SourceComment[] = [];
  private at = 0;
  private afterScalarMark = false;

  override *next(token: string) {
    if (token === '\x02' || token === '\x18' || token === '\x1f') {
      this.afterScalarMark = token === '\x1f';
    } else {
      if (token[0] === '#' && !this.afterScalarMark) this.comments.push({ offset: this.at, text: token });
      this.afterScalarMark = false;
      this.at += token.length;
    }
    yield* super.next(token);
  }
}

function wrap(shared: ParsedText, text: string, file: string): ParsedCompose {
  const { doc, lineCounter } = shared;
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : '';
    const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new UserError(`${file}:${pos.line}:${pos.col}: ${msg}${more}`, 64, hintFor(e.code));
  }
  const parsed: ParsedCompose = {
    file,
    text,
    doc,
    lineCounter,
    where,
    js() {
      shared.js ??= (doc.toJS({ maxAliasCount: -1 }) ?? {}) as Record<string, unknown>;
      return shared.js;
    },
  };
  checkStructure(parsed);
  return parsed;
}

function hintFor(code: string): string {
  if (code === 'DUPLICATE_KEY') return 'remove or merge the repeated key; Compose v2 rejects duplicate keys';
  return 'fix the YAML at that position';
}

/** What Compose rejects before looking at any service's content. */
function checkStructure(p: ParsedCompose): void {
  const root = p.doc.contents as Node | null;
  if (!isMap(root)) {
    const at = root?.range ? p.where(root.range[0]) : `${p.file}:1:1`;
    throw new UserError(`${at}: a Compose file must be a mapping (with a "services:" key)`, 64, 'check that this is a Compose file');
  }
  const services = root.get('services', true) as Node | undefined;
  if (services === undefined) {
    throw new UserError(`${p.file}:1:1: no "services:" key`, 64, 'a Compose file needs a top-level services: mapping');
  }
  if (isScalar(services) && services.value === null) return; // `services:` with nothing under it: an empty project
  if (!isMap(services)) {
    throw new UserError(`${p.where(services.range?.[0] ?? 0)}: "services" must be a mapping of service names`, 64);
  }
  for (const pair of (services as YAMLMap).items) {
    const value = pair.value as Node | null;
    if (!isMap(value)) {
      const key = pair.key as Node;
      throw new UserError(
        `${p.where(key.range?.[0] ?? 0)}: service ${String((key as { value?: unknown }).value)} must be a mapping`,
        64,
        'give the service at least an image: or build:',
      );
    }
  }
}

/** Line and column (1-based) of a node, for messages. */
export function nodeWhere(p: ParsedCompose, node: Node | null | undefined): string {
  return node?.range ? p.where(node.range[0]) : `${p.file}:1:1`;
}
