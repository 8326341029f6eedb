import { createTwoFilesPatch } from 'diff';

const isBinary = (b: Buffer | null) => b !== null && b.subarray(0, 8000).includes(0);
// Private keys are never shown, not even throwaway test ones.
const PRIVATE_KEY_NAME = /(^|\/)(id_(rsa|dsa|ecdsa|ed25519)|[^/]*key[^/]*\.pem|[^/]*\.key)$/i;
const holdsPrivateKey = (b: Buffer | null) => b !== null && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(b.subarray(0, 4096).toString('latin1'));

/** A unified diff as `git diff` shows it; /dev/null for a created or removed file. */
export function unifiedDiff(path: string, before: Buffer | null, after: Buffer | null, renamedFrom?: string): string {
  const oldName = before === null ? '/dev/null' : `a/${renamedFrom ?? path}`;
  const newName = after === null ? '/dev/null' : `b/${path}`;
  if (isBinary(before) || isBinary(after)) return `--- ${oldName}\n+++ ${newName}\nBinary files differ\n`;
  if (PRIVATE_KEY_NAME.test(path) || holdsPrivateKey(before) || holdsPrivateKey(after)) {
    return `--- ${oldName}\n+++ ${newName}\n(private key: content not shown)\n`;
  }
  const a = before?.toString('utf8') ?? '';
  const b = after?.toString('utf8') ?? '';
  if (renamedFrom && a === b) return `rename from ${renamedFrom}\nrename to ${path}\n`;
  const patch = createTwoFilesPatch(oldName, newName, a, b, undefined, undefined, { context: 3 });
  // Drop the "====" banner line the library adds.
  return patch.replace(/^=+\n/, '');
}
