import { chromium, type Browser, type Page } from 'playwright-core';
import { watchBrowser } from './artifacts';

/** Flags this machine needs for headless Chromium as root, with fake camera/mic and loopback ICE. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

/** Debian's Chromium, or the one `CHROMIUM_PATH` names: every launch here and in the benchmarks. */
export const CHROMIUM_EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LaunchOptions {
  /** Another Chromium launcher, e.g. one that runs it inside a network namespace. */
  executablePath?: string;
  extraArgs?: string[];
}

/**
 * Playwright gives every launch a fresh temporary profile (user-data-dir).
 * Every page's console is recorded for the failure artifacts (serialSetup.ts).
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? CHROMIUM_EXECUTABLE,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
  });
  return watchBrowser(browser);
}

/**
 * Records every WebSocket frame the page receives, before any app code runs.
 * The app talks to the server over one socket.io WebSocket, so this is
 * everything the server ever told the page.
 */
export const RECORD_WEBSOCKET_SCRIPT = `(() => {
  const Native = window.WebSocket;
  window.__receivedFrames = [];
  window.__webSockets = [];
  class RecordingWebSocket extends Native {
    constructor(...args) {
      super(...args);
      window.__webSockets.push(this);
      this.addEventListener('message', (event) => {
        window.__receivedFrames.push(typeof event.data === 'string' ? event.data : '[binary ' + (event.data.byteLength ?? event.data.size) + ']');
      });
    }
  }
  window.WebSocket = RecordingWebSocket;
})();`;

/** Drops the page's signalling connection as a network failure would; the app must reconnect by itself. */
export async function dropConnection(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const socket of (window as unknown as { __webSockets: WebSocket[] }).__webSockets)
      socket.close();
  });
}

export async function receivedFrames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { __receivedFrames: string[] }).__receivedFrames.slice(),
  );
}

export interface RtpCounters {
  inbound: { id: string; kind: string; bytesReceived: number; framesDecoded: number }[];
  outbound: { kind: string; bytesSent: number }[];
}

/** The RTCPeerConnection statistics of the page's lesson client, reduced to RTP counters. */
export async function rtpCounters(page: Page): Promise<RtpCounters> {
  return page.evaluate(async () => {
    const client = window.passerelleLesson;
    const result: RtpCounters = { inbound: [], outbound: [] };
    if (!client) return result;
    const { send, recv } = await client.transportStats();
    for (const report of [send, recv]) {
      report?.forEach((stat: Record<string, unknown>) => {
        // SSRC 1234 is mediasoup's bandwidth probator, not a participant's stream.
        if (stat.type === 'inbound-rtp' && stat.ssrc !== 1234) {
          result.inbound.push({
            id: String(stat.id),
            kind: String(stat.kind),
            bytesReceived: Number(stat.bytesReceived ?? 0),
            framesDecoded: Number(stat.framesDecoded ?? 0),
          });
        } else if (stat.type === 'outbound-rtp') {
          result.outbound.push({ kind: String(stat.kind), bytesSent: Number(stat.bytesSent ?? 0) });
        }
      });
    }
    return result;
  });
}

/**
 * Polls `condition` until it returns true; no fixed sleeps. The deadline sits
 * well below the serial tests' timeout so that a condition that never comes
 * true fails with its own name (and the failure artifacts), not a bare timeout.
 */
export async function waitFor(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
