import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tcp } from '../../../src/checks/tcp.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const spec = (extra: Record<string, unknown>) => tcp.schema.parse({ type: 'tcp', ...extra });
const servers: net.Server[] = [];

/** A real listening socket on 127.0.0.1 with a port the OS picks. */
async function listen(port = 0): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port };
}

/** A port that was free a moment ago (bound by us, then released). */
async function freePort(): Promise<number> {
  const { server, port } = await listen();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('tcp check', () => {
  it('open: passes when something listens, fails when nothing does', async () => {
    const ctx = contextFor(tempProject());
    const { port } = await listen();
    expect(await tcp.run(spec({ port }), ctx)).toEqual({ status: 'passed', message: `127.0.0.1:${port} accepts connections` });
    const closed = await freePort();
    const result = await tcp.run(spec({ port: closed, timeout: 0.5 }), ctx);
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/ECONNREFUSED/);
  });

  it('open: waits for a service that starts listening within the timeout', async () => {
    const port = await freePort();
    setTimeout(() => void listen(port), 500);
    expect((await tcp.run(spec({ port, timeout: 5 }), contextFor(tempProject()))).status).toBe('passed');
  });

  it('free: passes for an unused port, fails for one in use', async () => {
    const ctx = contextFor(tempProject());
    const port = await freePort();
    expect((await tcp.run(spec({ port, expect: 'free' }), ctx)).status).toBe('passed');
    const { port: used } = await listen();
    const result = await tcp.run(spec({ port: used, expect: 'free', timeout: 0.5 }), ctx);
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/is not free .*in use/);
  });

  it('rejects an out-of-range port', () => {
    expect(tcp.schema.safeParse({ type: 'tcp', port: 70000 }).success).toBe(false);
    expect(tcp.schema.safeParse({ type: 'tcp', port: 80, expect: 'closed' }).success).toBe(false);
  });
});
