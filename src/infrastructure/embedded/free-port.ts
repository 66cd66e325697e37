import { createServer } from 'node:net';

/**
 * Ports below the kernel's ephemeral range (32768–60999 on Linux): outgoing connections never take one of these as
 * their local port, so a port handed out here stays free until the caller listens on it, unlike a port picked with
 * `listen(0)`, which the next outgoing connection of any process on the machine may take in the meantime.
 */
const FIRST = 20000;
const SPAN = 12000;

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/** A TCP port that is free on every interface right now, chosen at random below the ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await tryListen(FIRST + Math.floor(Math.random() * SPAN));
    if (port) return port;
  }
  const port = await tryListen(0);
  if (!port) throw new Error('no free TCP port');
  return port;
}

/** Whether something accepts TCP connections at host:port within the timeout. */
export function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const socket = (require('node:net') as typeof import('node:net')).connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
