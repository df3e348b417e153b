import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type RequestListener,
  type Server as HttpServer,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { ServerConfig } from './config';

/** PORT's server: Express and socket.io share it, over TLS or not. */
export type WebServer = HttpServer | HttpsServer;

export interface CreatedWebServer {
  server: WebServer;
  scheme: 'http' | 'https';
}

type TlsConfig = Pick<ServerConfig, 'TLS_CERT_FILE' | 'TLS_KEY_FILE'>;

/**
 * HTTPS when the configuration names a certificate and its key (browsers give the camera
 * only to https pages, or localhost), plain HTTP otherwise. The files are read once, here:
 * a renewed certificate takes effect at the next restart.
 */
export function createWebServer(app: RequestListener, config: TlsConfig): CreatedWebServer {
  if (config.TLS_CERT_FILE === undefined || config.TLS_KEY_FILE === undefined)
    return { server: createHttpServer(app), scheme: 'http' };
  const tls = { cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE) };
  return { server: createHttpsServer(tls, app), scheme: 'https' };
}

/**
 * A plain HTTP server sending every request to the same path over HTTPS (308 keeps the
 * method), so `http://<host>` typed on a whiteboard still lands on the lesson. The target
 * is PUBLIC_URL's origin when set, otherwise the requested host name on the HTTPS port.
 */
export function createHttpsRedirectServer(httpsPort: number, publicUrl?: string): HttpServer {
  const publicOrigin = publicUrl === undefined ? undefined : new URL(publicUrl).origin;
  return createHttpServer((req, res) => {
    const origin = publicOrigin ?? httpsOriginFor(req.headers.host, httpsPort);
    res.writeHead(308, { location: `${origin}${req.url ?? '/'}` }).end();
  });
}

function httpsOriginFor(hostHeader: string | undefined, httpsPort: number): string {
  let hostname = 'localhost';
  try {
    if (hostHeader) hostname = new URL(`http://${hostHeader}`).hostname;
  } catch {
    // A malformed Host header gets the default rather than an error page.
  }
  return httpsPort === 443 ? `https://${hostname}` : `https://${hostname}:${httpsPort}`;
}

/** Listens and resolves with the port (the system picks one for port 0). */
export function listen(server: NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
