import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';

export interface TlsProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * HTTPS in front of a test server, as a school reaches it (browsers give the camera, and keep
 * `ws:` un-upgraded, only on a secure origin). Requests are forwarded as they are; WebSocket
 * upgrades are piped through raw. The certificate is self-signed: the browsers run with
 * `--ignore-certificate-errors`. (Serving HTTPS itself is issue 9, item 1.)
 */
export async function startTlsProxy(options: {
  ip: string;
  port: number;
  target: { host: string; port: number };
  cert: string;
  key: string;
}): Promise<TlsProxy> {
  const { target } = options;
  const server: Server = createServer({
    cert: readFileSync(options.cert),
    key: readFileSync(options.key),
  });
  server.on('request', (incoming, outgoing) => {
    const forwarded = httpRequest(
      { ...target, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  server.on('upgrade', (incoming, socket, head) => {
    const upstream = connect(target.port, target.host, () => {
      const headers = Object.entries(incoming.headers).map(
        ([name, value]) => `${name}: ${String(value)}`,
      );
      upstream.write(
        `${incoming.method} ${incoming.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`,
      );
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.ip, resolve));
  return {
    port: options.port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
