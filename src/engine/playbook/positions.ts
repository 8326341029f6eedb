import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type PathSegment = string | number | symbol;

/** The YAML node at `path`, or the deepest ancestor that exists; with `key`, the map key's node. */
export function nodeAt(doc: Document, path: readonly PathSegment[], { key = false } = {}): Node | null {
  let node: unknown = doc.contents;
  let best: unknown = node;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg);
      if (!pair) break;
      if (key && i === path.length - 1) return pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      break;
    }
    if (node) best = node;
    else break;
  }
  return (best as Node) ?? null;
}

export function positionOf(doc: Document, lineCounter: LineCounter, path: readonly PathSegment[], opts?: { key?: boolean }): string {
  const node = nodeAt(doc, path, opts);
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return `${line}:${col}`;
}
