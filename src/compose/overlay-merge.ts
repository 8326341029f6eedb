/**
 * `-f base -f overlay`, written out as one file: the overlay's services and top-level entries
 * are spliced into the base file's text (Compose merge rules for the common keys), so the
 * result is a standalone file that keeps both files' comments.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { mountTarget, splitMount } from './merge.js';
import type { ParsedCompose } from './parse.js';
import { pairOf, SourceEditor } from './source-edit.js';

const APPENDED = new Set(['ports', 'expose', 'dns', 'dns_search', 'tmpfs', 'external_links', 'env_file', 'secrets', 'configs', 'cap_add', 'cap_drop']);
const KEYED = new Set(['environment', 'labels', 'sysctls']);

export function mergeOverlayText(base: ParsedCompose, overlay: ParsedCompose): { text: string; notes: string[] } {
  const ed = new SourceEditor(base.text, base.doc, base.file);
  const notes: string[] = [];
  const oSrc = overlay.text;
  const slice = (n: Node) => oSrc.slice(n.range![0], n.range![1]);
  const pairText = (p: Pair, toIndent: string) => {
    const k = p.key as Node;
    const v = p.value as Node | null;
    const lineStart = oSrc.lastIndexOf('\n', k.range![0] - 1) + 1;
    const end = v?.range ? v.range[1] : k.range![1];
    const fromIndent = k.range![0] - lineStart;
    return reindent(oSrc.slice(k.range![0], end), fromIndent, toIndent.length).replace(/\s+$/, '');
  };
  // An item with the comment that ends its line (`- MODE=test # why`).
  const itemText = (n: Node) => {
    const end = n.range![1];
    const nl = oSrc.indexOf('\n', end);
    const rest = oSrc.slice(end, nl < 0 ? oSrc.length : nl).replace(/\r$/, '');
    return /^\s+#/.test(rest) ? slice(n) + rest.trimEnd() : slice(n);
  };

  const root = base.doc.contents as YAMLMap;
  const oRoot = overlay.doc.contents as YAMLMap;
  // The overlay's header comment goes on top, with the base's.
  const firstKey = (oRoot.items[0]?.key as Node | undefined)?.range?.[0] ?? 0;
  const header = oSrc.slice(0, oSrc.lastIndexOf('\n', firstKey - 1) + 1);
  if (/^(\s*#[^\n]*\n|\s*\n)+$/.test(header) && header.includes('#')) ed.insert(0, header.replace(/\r?\n/g, ed.eol));
  for (const top of oRoot.items) {
    const key = String((top.key as Scalar).value);
    if (key === 'version' || key === 'name') continue;
    const basePair = pairOf(root, key);
    if (!basePair) {
      ed.appendToMap(root, pairText(top as Pair, '').split('\n'));
      continue;
    }
    const bMap = ed.resolve(basePair.value);
    const oMap = top.value;
    if (!isMap(bMap) || !isMap(oMap)) continue;
    if (bMap.items.length === 0) continue; // `{}`: nothing to splice next to; rare enough to skip
    const indent = ed.mapIndent(bMap);
    for (const entry of oMap.items) {
      const name = String((entry.key as Scalar).value);
      const bEntry = pairOf(bMap, name);
      if (!bEntry) {
        ed.appendToMap(bMap, pairText(entry as Pair, indent).split('\n').map((l) => l.slice(indent.length)));
        continue;
      }
      if (key !== 'services') {
        notes.push(`${overlay.file}: ${key}.${name} is also in ${base.file}; the base definition is kept`);
        continue;
      }
      const bSvc = ed.resolve(bEntry.value);
      if (!isMap(bSvc) || !isMap(entry.value)) continue;
      mergeServiceText(ed, bSvc, entry.value as YAMLMap, pairText, itemText, notes, `${name}`);
    }
  }
  return { text: ed.apply(), notes };
}

function mergeServiceText(
  ed: SourceEditor,
  bSvc: YAMLMap,
  oSvc: YAMLMap,
  pairText: (p: Pair, indent: string) => string,
  itemText: (n: Node) => string,
  notes: string[],
  svc: string,
): void {
  const indent = ed.mapIndent(bSvc);
  const relLines = (p: Pair) => pairText(p, indent).split('\n').map((l) => l.slice(indent.length));
  for (const op of oSvc.items) {
    const key = String((op.key as Scalar).value);
    const bp = pairOf(bSvc, key);
    if (!bp) {
      ed.appendToMap(bSvc, relLines(op as Pair));
      continue;
    }
    const bv = ed.resolve(bp.value);
    const ov = op.value;
    if (isSeq(bv) && isSeq(ov) && bv.items.length > 0 && (APPENDED.has(key) || key === 'volumes' || key === 'devices')) {
      const existing = new Set(bv.items.map((i) => JSON.stringify((i as Scalar).toJSON?.() ?? i)));
      const add: string[] = [];
      for (const item of ov.items) {
        const js = JSON.stringify((item as Scalar).toJSON?.() ?? item);
        if (existing.has(js)) continue;
        if (key === 'volumes' || key === 'devices') {
          const target = mountTarget((item as Scalar).toJSON?.());
          const same = bv.items.find((b) => mountTarget((b as Scalar).toJSON?.()) === target) as Node | undefined;
          if (same) ed.removeSeqItem(bv as YAMLSeq, same);
        }
        add.push(itemText(item as Node));
      }
      if (add.length > 0) ed.appendToSeq(bv as YAMLSeq, add);
      continue;
    }
    if (KEYED.has(key) && isSeq(bv) && isSeq(ov) && bv.items.length > 0) {
      const keyOf = (n: unknown) => String(isScalar(n) ? n.value : '').split('=')[0];
      const add: string[] = [];
      for (const item of ov.items) {
        const same = bv.items.find((b) => keyOf(b) === keyOf(item)) as Scalar | undefined;
        if (same) ed.replace(same.range![0], same.range![1], itemText(item as Node));
        else add.push(itemText(item as Node));
      }
      if (add.length > 0) ed.appendToSeq(bv as YAMLSeq, add);
      continue;
    }
    if (KEYED.has(key) && isMap(bv) && isMap(ov) && bv.items.length > 0) {
      const inner = ed.mapIndent(bv);
      const add: string[] = [];
      for (const e of ov.items) {
        const name = String((e.key as Scalar).value);
        const same = pairOf(bv, name);
        if (same?.value && (same.value as Node).range) {
          const v = e.value as Node;
          ed.replace((same.value as Node).range![0], (same.value as Node).range![1], v?.range ? itemText(v) : '');
        } else add.push(pairText(e as Pair, inner).slice(inner.length));
      }
      if (add.length > 0) ed.appendToMap(bv, add);
      continue;
    }
    // Everything else: the overlay's value replaces the base's, in place.
    const k = bp.key as Node;
    const end = ed.pairEnd(bp);
    const kept = ed.commentsIn(k.range![0], end, '');
    const lines = relLines(op as Pair);
    const body = lines.map((l, i) => (i === 0 ? l : indent + l)).join(ed.eol);
    ed.replace(k.range![0], end, kept.length > 0 ? kept.map((c) => c.trim()).join(ed.eol + indent) + ed.eol + indent + body : body);
    notes.push(`service ${svc}: ${key} from the overlay replaces the base value`);
  }
}

function reindent(text: string, from: number, to: number): string {
  const lines = text.split('\n');
  return lines
    .map((l, i) => {
      if (i === 0) return ' '.repeat(to) + l;
      if (l.trim() === '') return l;
      const lead = /^ */.exec(l)![0].length;
      const drop = Math.min(lead, from);
      return ' '.repeat(to) + l.slice(drop);
    })
    .join('\n');
}

export { splitMount };
