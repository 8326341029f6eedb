import type { z } from 'zod';
import { defineCheck, failed, passed } from './types.js';
import { retryUntil } from './retry-until.js';

interface Probe {
  ok: boolean;
  detail: string;
}

/** GET the URL until it answers with the expected status or the timeout passes. */
export const http = defineCheck({
  type: 'http',
  schema: (z) => z.strictObject({
    type: z.literal('http'),
    url: z.url({ protocol: /^https?$/ }).describe('http:// or https:// URL to GET'),
    status: z.number().int().min(100).max(599).optional().describe('Expected HTTP status (default 200)'),
    timeout: z.number().positive().optional().describe('Seconds to keep trying (default 10)'),
  }),
  describe: (spec) => `GET ${spec.url} answers ${spec.status ?? 200}`,
  async run(spec, ctx) {
    const expected = spec.status ?? 200;
    const timeout = spec.timeout ?? 10;
    // Follow redirects unless a redirect is what the user expects to see.
    const redirect = expected >= 300 && expected < 400 ? 'manual' : 'follow';
    const result = await retryUntil(timeout * 1000, ctx.signal, async (remaining): Promise<Probe> => {
      try {
        const response = await fetch(spec.url, {
          redirect,
          // At least a second per try, so a slow last try still reports what the server said.
          signal: AbortSignal.any([AbortSignal.timeout(Math.max(remaining, 1000)), ctx.signal]),
        });
        await response.body?.cancel(); // only the status matters; free the connection
        return { ok: response.status === expected, detail: `status ${response.status}` };
      } catch (err) {
        if ((err as Error).name === 'TimeoutError') return { ok: false, detail: 'no answer in time' };
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        return { ok: false, detail: cause?.code ?? cause?.message ?? (err as Error).message };
      }
    });
    return result.ok
      ? passed(`${spec.url} answered ${expected}`)
      : failed(`${spec.url} did not answer ${expected} within ${timeout}s (last: ${result.detail})`);
  },
});
