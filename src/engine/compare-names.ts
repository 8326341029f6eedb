/**
 * A stable, human order for file and service names: case-insensitive, then lowercase first.
 * Not localeCompare: its first call loads ICU collation data (10–100 ms, measured), which
 * sorting a handful of names does not need.
 */
export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a === b ? 0 : a > b ? -1 : 1; // same letters: lowercase (the larger code unit) first
}
