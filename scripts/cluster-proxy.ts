/**
 * A small reverse proxy standing for a deployment's single public host name in front of
 * several nodes (what deploy/nginx-cluster.conf does in production): a request naming a node
 * (`?node=<id>`, the query a client adds after a `moved` answer) goes to that node; any other
 * goes to the first node that accepts the connection, starting from the next one each time.
 * WebSocket upgrades are piped as raw bytes. For `npm run start:cluster` and the failover test.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { NODE_ROUTE_PARAMETER } from '../signaling/protocol';

export interface ClusterProxy {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Target = { host: string; port: number };

function targetOf(url: string): Target {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}

export async function startClusterProxy(
  nodes: Record<string, string>,
  listen: { port?: number; host?: string } = {},
): Promise<ClusterProxy> {
  const ids = Object.keys(nodes);
  let next = 0;
  /** The named node first (if any), then every node in turn from the next one. */
  const candidates = (req: IncomingMessage): Target[] => {
    const named = new URL(req.url ?? '/', 'http://proxy').searchParams.get(NODE_ROUTE_PARAMETER);
    const start = next++ % ids.length;
    const order = [...ids.slice(start), ...ids.slice(0, start)];
    const chosen = named && nodes[named] ? [named] : order;
    return chosen.map((id) => targetOf(nodes[id]!));
  };
  const server = createServer((req, res) => {
    void openFirst(candidates(req)).then((socket) => {
      if (!socket) return void res.writeHead(502).end('no node answered');
      const upstream = httpRequest({
        createConnection: () => socket,
        method: req.method,
        path: req.url,
        headers: req.headers,
      });
      upstream.on('response', (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
  });
  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    client.on('error', () => undefined);
    void openFirst(candidates(req)).then((socket) => {
      if (!socket) return void client.destroy();
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      socket.write(lines.join('\r\n') + '\r\n\r\n');
      socket.write(head);
      socket.pipe(client).pipe(socket);
      socket.on('close', () => client.destroy());
      client.on('close', () => socket.destroy());
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as { port: number };
  return {
    url: `http://${listen.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TCP connection to the first target that accepts one, or null when none does. */
async function openFirst(targets: Target[]): Promise<Socket | null> {
  for (const target of targets) {
    const socket = await new Promise<Socket | null>((resolve) => {
      const attempt = connect(target.port, target.host);
      attempt.once('connect', () => resolve(attempt));
      attempt.once('error', () => resolve(null));
    });
    if (socket) {
      socket.on('error', () => socket.destroy());
      return socket;
    }
  }
  return null;
}
