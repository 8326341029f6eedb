import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { http } from '../../../src/checks/http.js';
import { contextFor, tempProject } from '../../helpers/context.js';

const spec = (extra: Record<string, unknown>) => http.schema.parse({ type: 'http', ...extra });
const servers: Server[] = [];

/** A real HTTP server on 127.0.0.1: /ok → 200, /missing → 404, /moved → 301 to /ok, /later → 503 for the first N hits. */
async function serve(failFirst = 0): Promise<string> {
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.url === '/ok') res.writeHead(200).end('fine');
    else if (req.url === '/moved') res.writeHead(301, { location: '/ok' }).end();
    else if (req.url === '/later') res.writeHead(++hits <= failFirst ? 503 : 200).end();
    else res.writeHead(404).end('nope');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('http check', () => {
  it('passes on the expected status and fails on another', async () => {
    const base = await serve();
    const ctx = contextFor(tempProject());
    expect((await http.run(spec({ url: `${base}/ok` }), ctx)).status).toBe('passed');
    expect((await http.run(spec({ url: `${base}/missing`, status: 404 }), ctx)).status).toBe('passed');
    const result = await http.run(spec({ url: `${base}/missing`, timeout: 0.5 }), ctx);
    expect(result.status).toBe('failed');
    expect(result.message).toContain('last: status 404');
  });

  it('follows redirects, unless a 3xx status is expected', async () => {
    const base = await serve();
    const ctx = contextFor(tempProject());
    expect((await http.run(spec({ url: `${base}/moved` }), ctx)).status).toBe('passed');
    expect((await http.run(spec({ url: `${base}/moved`, status: 301 }), ctx)).status).toBe('passed');
  });

  it('retries until the server answers as expected', async () => {
    const base = await serve(3);
    expect((await http.run(spec({ url: `${base}/later`, timeout: 5 }), contextFor(tempProject()))).status).toBe('passed');
  });

  it('fails with the connection error when nothing listens', async () => {
    const base = await serve();
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const result = await http.run(spec({ url: `${base}/ok`, timeout: 0.5 }), contextFor(tempProject()));
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/ECONNREFUSED/);
  });

  it('only accepts http(s) URLs', () => {
    expect(http.schema.safeParse({ type: 'http', url: 'file:///etc/passwd' }).success).toBe(false);
    expect(http.schema.safeParse({ type: 'http', url: 'not a url' }).success).toBe(false);
  });
});
