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
 * Stream a file through `test` chunk by chunk (latin1, overlapping by a few bytes) and return
 * whether any chunk matched. Binary files and unreadable files return false.
 */
export function streamMatches(abs: string, test: (chunk: string) => boolean): boolean {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return false;
  }
  try {
    let carry = '';
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n <= 0) return false;
      if (first && isBinary(buf, n)) return false;
      first = false;
      const text = carry + buf.toString('latin1', 0, n);
      if (test(text)) return true;
      if (n < CHUNK) return false;
      carry = text.slice(-OVERLAP);
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
