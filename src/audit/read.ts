import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reading files for the audit: a fixed 64 KiB buffer, reused for every file, so memory stays
 * flat however large the repository is. A NUL byte in the first chunk marks a binary file,
 * which is dropped after one read.
 */
const CHUNK = 64 * 1024;
const buf = Buffer.allocUnsafe(CHUNK);
/** How far back a chunk boundary may cut a trigger word: keep this many bytes of overlap. */
const OVERLAP = 64;

function isBinary(b: Buffer, n: number): boolean {
  const end = Math.min(n, 8000);
  return b.subarray(0, end).indexOf(0) !== -1;
}

/**
 * Stream a file chunk by chunk and return whether any of `needles` occurs in it. Searches the
 * raw bytes (no string is built per file); the last bytes of a chunk are carried over so a
 * needle cut by a chunk boundary is still found. Binary and unreadable files return false.
 */
export function streamHasAny(abs: string, needles: readonly Buffer[]): boolean {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return false;
  }
  try {
    let carry = 0;
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, carry, CHUNK - carry, null);
      if (n <= 0) return false;
      const len = carry + n;
      if (first && isBinary(buf, len)) return false;
      first = false;
      const view = buf.subarray(0, len);
      for (const needle of needles) if (view.indexOf(needle) !== -1) return true;
      if (n < CHUNK - carry) return false;
      buf.copy(buf, 0, len - OVERLAP, len);
      carry = OVERLAP;
    }
  } finally {
    closeSync(fd);
  }
}

/** Whole file as UTF-8 text, or null when binary, unreadable, or larger than `maxBytes`. */
export function readText(abs: string, maxBytes = 2 * 1024 * 1024): string | null {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return null;
  }
  try {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n <= 0) break;
      if (total === 0 && isBinary(buf, n)) return null;
      total += n;
      if (total > maxBytes) return null;
      parts.push(Buffer.from(buf.subarray(0, n)));
      if (n < CHUNK) break;
    }
    return Buffer.concat(parts).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Stream a file's lines (UTF-8, 1-based line numbers) without holding the whole file.
 * Stops early when `onLine` returns false.
 */
export function forEachLine(abs: string, onLine: (line: string, lineNo: number) => boolean | void): void {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return;
  }
  try {
    let carry = '';
    let lineNo = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n <= 0) break;
      // Cut at the last newline so a multi-byte character is never split across chunks.
      const lastNl = buf.subarray(0, n).lastIndexOf(10);
      if (lastNl === -1) {
        carry += buf.toString('utf8', 0, n);
        continue;
      }
      const text = carry + buf.toString('utf8', 0, lastNl);
      carry = buf.toString('utf8', lastNl + 1, n);
      for (const line of text.split('\n')) {
        if (onLine(line.replace(/\r$/, ''), ++lineNo) === false) return;
      }
      if (n < CHUNK) break;
    }
    if (carry !== '') onLine(carry.replace(/\r$/, ''), ++lineNo);
  } finally {
    closeSync(fd);
  }
}
