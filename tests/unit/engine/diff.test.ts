import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../src/engine/diff.js';

describe('unifiedDiff', () => {
  it('shows a change as git would', () => {
    expect(unifiedDiff('a.txt', Buffer.from('x\n'), Buffer.from('y\n'))).toContain('--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,1 @@\n-x\n+y');
  });

  it('never shows a private key, by name or by content', () => {
    const key = Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n');
    for (const [name, content] of [['certs/key.pem', Buffer.from('secret\n')], ['certs/server.key', Buffer.from('secret\n')], ['certs/anything.pem', key]] as const) {
      const diff = unifiedDiff(name, null, content);
      expect(diff).toContain('private key: content not shown');
      expect(diff).not.toContain('MIIEvQ');
      expect(diff).not.toContain('secret');
    }
  });
});
