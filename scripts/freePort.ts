import { createServer } from 'node:net';

/**
 * A TCP port free on `ip` right now, for the throwaway servers the tests and local scripts
 * start (PostgreSQL, Redis, coturn takes the same number for UDP, test nodes).
 */
export async function freePort(ip = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, ip, resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
