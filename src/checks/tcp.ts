import net from 'node:net';
import type { z } from 'zod';
import { defineCheck, failed, passed } from './types.js';
import { retryUntil } from './retry-until.js';

interface Probe {
  ok: boolean;
  detail: string;
}

/**
 * `open`: something accepts connections on host:port (retried until the timeout, for services
 * still starting). `free`: we can listen on host:port ourselves (also retried, for a port that
 * is still being released).
 */
export const tcp = defineCheck({
  type: 'tcp',
  schema: (z) => z.strictObject({
    type: z.literal('tcp'),
    port: z.number().int().min(1).max(65535).describe('TCP port'),
    host: z.string().min(1).optional().describe('Host (default 127.0.0.1)'),
    expect: z.enum(['open', 'free']).optional().describe('open: a connection succeeds; free: the port can be bound (default open)'),
    timeout: z.number().positive().optional().describe('Seconds to keep trying (default 5)'),
  }),
  describe: (spec) => `port ${spec.host ?? '127.0.0.1'}:${spec.port} is ${spec.expect ?? 'open'}`,
  async run(spec, ctx) {
    const host = spec.host ?? '127.0.0.1';
    const expect = spec.expect ?? 'open';
    const where = `${host}:${spec.port}`;
    const timeout = spec.timeout ?? 5;
    const result = await retryUntil(timeout * 1000, ctx.signal, (remaining) =>
      expect === 'open' ? tryConnect(host, spec.port, Math.min(Math.max(remaining, 1000), 2000)) : tryBind(host, spec.port),
    );
    if (result.ok) return passed(expect === 'open' ? `${where} accepts connections` : `${where} is free`);
    return failed(
      expect === 'open'
        ? `nothing accepted a connection on ${where} within ${timeout}s (${result.detail})`
        : `${where} is not free after ${timeout}s (${result.detail}); stop what uses it or pick another port`,
    );
  },
});

function tryConnect(host: string, port: number, timeoutMs: number): Promise<Probe> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (probe: Probe) => {
      socket.destroy();
      resolve(probe);
    };
    socket.setTimeout(timeoutMs, () => finish({ ok: false, detail: 'connection timed out' }));
    socket.once('connect', () => finish({ ok: true, detail: 'connected' }));
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ ok: false, detail: err.code ?? err.message }));
  });
}

function tryBind(host: string, port: number): Promise<Probe> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      resolve({ ok: false, detail: err.code === 'EADDRINUSE' ? 'in use' : (err.code ?? err.message) }),
    );
    // exclusive: do not share a port that a cluster worker in this process happens to hold.
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve({ ok: true, detail: 'bound' })));
  });
}
