/** Is a host port free? Asked the only reliable way: by binding it for a moment. */
import net from 'node:net';

export type IsPortFree = (port: number, host: string) => Promise<boolean>;

export const isPortFreeByBinding: IsPortFree = (port, host) =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: host === '' ? '0.0.0.0' : host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
