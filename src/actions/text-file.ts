import { UserError } from '../engine/errors.js';

/**
 * Decoding and re-encoding the user's text files without disturbing their style.
 * Edits must keep a UTF-8 BOM and CRLF line endings as they were, and must never
 * touch a file that is not UTF-8 (we could not write back the bytes we read).
 */
export interface DecodedText {
  /** Content without the BOM, line endings exactly as in the file. */
  raw: string;
  /** Content without the BOM, every CRLF turned into LF: what parsers and edits work on. */
  text: string;
  bom: boolean;
  /** The file's line ending: CRLF when most of its line breaks are CRLF; LF for new or one-line files. */
  eol: '\n' | '\r\n';
  /** Whether the file ends with a line break (true for an empty file: nothing to terminate). */
  finalNewline: boolean;
}

export type TextStyle = Pick<DecodedText, 'bom' | 'eol'>;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The style of a file we create: no BOM, LF. */
export const NEW_FILE_STYLE: TextStyle = { bom: false, eol: '\n' };

/** Decode a file's bytes; throws UserError naming `relPath` for anything that is not UTF-8 text. */
export function decodeText(relPath: string, bytes: Buffer): DecodedText {
  const bom = bytes.subarray(0, 3).equals(BOM);
  const body = bom ? bytes.subarray(3) : bytes;
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw notText(relPath, body, 'it holds bytes that are not valid UTF-8');
  }
  // A NUL byte is valid UTF-8 but means a binary file; editing it as lines would corrupt it.
  if (raw.includes('\0')) throw notText(relPath, body, 'it contains NUL bytes (a binary file?)');
  const crlf = countOf(raw, '\r\n');
  const lf = countOf(raw, '\n');
  return {
    raw,
    text: raw.replace(/\r\n/g, '\n'),
    bom,
    eol: crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n',
    finalNewline: raw === '' || raw.endsWith('\n'),
  };
}

/** Encode LF-separated `text` in a file's style (LF → CRLF when the file used CRLF; BOM kept). */
export function encodeText(text: string, style: TextStyle): Buffer {
  const body = style.eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
  return encodeRaw(body, style.bom);
}

/** Encode text whose line endings are already final. */
export function encodeRaw(raw: string, bom: boolean): Buffer {
  const body = Buffer.from(raw, 'utf8');
  return bom ? Buffer.concat([BOM, body]) : body;
}

/** Lines of LF-normalised text, without a phantom empty line after the final newline. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function countOf(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

function notText(relPath: string, body: Buffer, why: string): UserError {
  return new UserError(
    `${relPath} is not UTF-8 text; migrate-wizard will not edit it (${why}, first at line ${lineOfFirstBadByte(body)})`,
    64,
    `convert ${relPath} to UTF-8 (e.g. \`iconv -f latin1 -t utf-8\`), or make this change by hand and skip the step`,
  );
}

/** 1-based line of the first invalid byte or NUL, for the error message. */
function lineOfFirstBadByte(body: Buffer): number {
  const lenient = new TextDecoder('utf-8').decode(body);
  const bad = lenient.search(/[\uFFFD\0]/);
  const upTo = bad === -1 ? lenient : lenient.slice(0, bad);
  return countOf(upTo, '\n') + 1;
}
