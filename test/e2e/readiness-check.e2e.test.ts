import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { webRtcServerPorts } from '../../sfu';
import { axeViolations } from '../helpers/a11y';
import { launchChromium, waitFor } from '../helpers/browser';
import { startCoturn, type Coturn } from '../helpers/coturn';
import {
  createSchoolNetwork,
  udpBlockedFirewall,
  type SchoolNetwork,
} from '../helpers/schoolNetwork';
import type { TestServer } from '../helpers/server';
import { startSchoolServer, type SchoolServer } from '../helpers/schoolServer';

/*
 * Issue 9 item 4: the readiness check page, run by a whiteboard's Chromium inside a school
 * network namespace behind nftables, against the real server, mediasoup worker and coturn.
 * The figures (bitrates, RTT, loss, time per path) are printed, never asserted on.
 */

const SECRET = 'coturn-static-auth-secret-for-the-readiness-test';
const CLASS = 'ecole-jaures-ce2';
/** A whole check: five paths, the blocked ones waiting out their connect timeout (10 s each). */
const CHECK_TIMEOUT_MS = 100_000;

interface PathRow {
  path: string;
  outcome: string;
  up: string;
  down: string;
  rtt: string;
  loss: string;
  duration: string;
}

async function readCheck(page: Page) {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('.check-steps li')].map((li) => ({
      path: li.dataset.step ?? '',
      outcome: li.dataset.outcome ?? '',
      up: li.dataset.up ?? '',
      down: li.dataset.down ?? '',
      rtt: li.dataset.rtt ?? '',
      loss: li.dataset.loss ?? '',
      duration: li.dataset.duration ?? '',
    }));
    const verdict = document.querySelector<HTMLElement>('[data-testid="check-verdict"]');
    const advice = [
      ...document.querySelectorAll<HTMLElement>('[data-testid="check-advice"] li'),
    ].map((li) => ({ path: li.dataset.path ?? '', text: li.textContent ?? '' }));
    return { rows, verdict: verdict?.dataset.verdict ?? '', text: document.body.innerText, advice };
  });
}

function describeRow(row: PathRow): string {
  if (row.outcome !== 'ok') return `  ${row.path}: ${row.outcome} after ${row.duration} ms`;
  const mbps = (bps: string) => (Number(bps) / 1e6).toFixed(2);
  return (
    `  ${row.path}: ok in ${row.duration} ms — up ${mbps(row.up)} Mbit/s, ` +
    `down ${mbps(row.down)} Mbit/s, RTT ${row.rtt} ms, loss ${row.loss} %`
  );
}

describe('the readiness check page tells a school what works and what to open', () => {
  let school: SchoolNetwork;
  let coturn: Coturn;
  let server: TestServer;
  let browser: Browser;
  let https: SchoolServer;
  let appPort: number;
  let checkUrl: string;
  let ports: { udp: number[]; tcp: number[] };
  const figures: string[] = [];

  beforeAll(async () => {
    school = createSchoolNetwork();
    coturn = await startCoturn({ secret: SECRET, ip: school.hostIp });
    https = await startSchoolServer(school, {
      withPlanning: true,
      turn: { coturn, secret: SECRET },
    });
    server = https.server;
    appPort = https.port;
    ports = await webRtcServerPorts(server.pool);
    const key = await server.apiTokens.mint('classroom', CLASS, 'CE2 Jaurès');
    checkUrl = `https://${school.hostIp}:${appPort}/classroom/${CLASS}/check#key=${key}`;
    // Self-signed test certificates for the page and the relay's TLS (see turn-school.e2e).
    browser = await launchChromium({
      executablePath: school.chromiumPath,
      extraArgs: ['--ignore-certificate-errors'],
    });
  });

  afterAll(async () => {
    if (figures.length) process.stdout.write(`\nreadiness check figures:\n${figures.join('\n')}\n`);
    await browser?.close().catch(() => undefined);
    await https?.close();
    await coturn?.close().catch(() => undefined);
    school?.close();
  });

  async function runCheckPage(label: string) {
    const page = await browser.newPage();
    const startedAt = Date.now();
    await page.goto(checkUrl);
    await waitFor(
      async () =>
        (await page.getAttribute('[data-testid="check-page"]', 'data-phase')) !== 'running',
      `${label}: the check to finish`,
      CHECK_TIMEOUT_MS,
    );
    const result = await readCheck(page);
    const violations = await axeViolations(page);
    figures.push(`${label} (whole check ${Date.now() - startedAt} ms):`);
    for (const row of result.rows.filter((r) => r.duration !== '')) figures.push(describeRow(row));
    await page.close();
    return { ...result, violations };
  }

  it('UDP blocked: UDP fails naming the port and address to open; ICE-TCP and TURN/TLS work', async () => {
    const mediaTcp = ports.tcp[0]!;
    school.setFirewall(udpBlockedFirewall(school.hostIp, [appPort, mediaTcp, coturn.tlsPort]));
    const result = await runCheckPage('UDP blocked');
    const outcome = (path: string) => result.rows.find((row) => row.path === path)?.outcome;
    expect(outcome('https')).toBe('ok');
    expect(outcome('websocket')).toBe('ok');
    expect(outcome('udp')).toBe('failed');
    expect(outcome('tcp')).toBe('ok');
    expect(outcome('turn-udp')).toBe('failed');
    expect(outcome('turn-tls')).toBe('ok');
    expect(result.verdict).toBe('ready');
    // The exact UDP port and address to open, from the server's configuration.
    const udpAdvice = result.advice.find((line) => line.path === 'udp');
    expect(udpAdvice?.text).toContain(`UDP port ${ports.udp[0]} vers ${school.hostIp}`);
    for (const path of ['tcp', 'turn-tls']) {
      const row = result.rows.find((r) => r.path === path)!;
      expect(Number(row.up), `${path} upstream`).toBeGreaterThan(0);
      expect(Number(row.down), `${path} downstream`).toBeGreaterThan(0);
      expect(row.rtt, `${path} RTT`).not.toBe('');
      expect(row.loss, `${path} loss`).not.toBe('');
    }
  });

  it('everything open: every path passes and the school is ready', async () => {
    school.setFirewall('');
    const result = await runCheckPage('everything open');
    for (const path of ['udp', 'tcp', 'turn-udp', 'turn-tcp', 'turn-tls'])
      expect([path, result.rows.find((row) => row.path === path)?.outcome]).toEqual([path, 'ok']);
    expect(result.verdict).toBe('ready');
    expect(result.advice).toEqual([]);
    expect(result.text).toContain('Prête pour les leçons.');
    // WCAG 2.1 AA on the finished check page, as on every other view.
    expect(result.violations).toEqual([]);
  });

  it("the coordinator's screen lists the whiteboard's stored result with its next lesson", async () => {
    const coordinator = await server.apiTokens.mint('coordinator', 'coord-1', 'Mairie');
    const page = await browser.newPage();
    await page.goto(`https://${school.hostIp}:${appPort}/planning#token=${coordinator}`);
    // The planning app takes the token out of the address first, then routes on the hash.
    await page.locator('.planning-header nav').waitFor();
    await page.evaluate(() => (window.location.hash = '#/readiness'));
    const row = page.locator(`tr[data-class="${CLASS}"]`);
    await row.waitFor();
    // Two checks ran from this whiteboard; the latest (everything open) is the one shown.
    expect(await row.innerText()).toContain('Prête');
    expect(await row.getAttribute('data-concern')).not.toBe('never-checked');
    const stored = await server.planning!.latestReadiness([CLASS]);
    expect(stored.get(CLASS)?.paths.every((path) => path.outcome === 'ok')).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
