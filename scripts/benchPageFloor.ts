/**
 * bench:page's floor: what any page costs in the same warm Chromium, under the same load (the
 * tutor's 720p encoder, the worker), before it runs anything of its own. A blank page whose only
 * script (a file of its own: the server's CSP allows no inline one) opens a WebSocket to the lesson's server and waits for Engine.IO's open
 * packet: its times are the least a classroom page's "DOM ready" and "socket" columns could
 * read on this machine, so the warm table's figures above the floor are the page's own.
 * Figures only.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { WEB_ROOT } from '../test/helpers/server';
import { formatMs, median } from './benchPageWaiting';

/*
 * The blank page and its script are files the server serves from the web root like the app's
 * own, under the same headers (its Content-Security-Policy allows no inline script). A page
 * the benchmark answered itself (Playwright's route) would not do: Chromium's local network
 * access checks then refuse its WebSocket to the loopback server.
 */
const FLOOR_FILES = { page: 'bench-floor.html', script: 'bench-floor.js' };
const FLOOR_SIGNAL = 'passerelle-bench: floor measured';
const FLOOR_HTML = `<!doctype html><html><head><meta charset="UTF-8">
<script src="/${FLOOR_FILES.script}"></script></head><body></body></html>`;
const FLOOR_SCRIPT = `performance.mark('floor:script');
const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/socket.io/?EIO=4&transport=websocket');
socket.onopen = () => performance.mark('floor:open');
socket.onmessage = () => {
  performance.mark('floor:message');
  socket.close();
  console.debug(${JSON.stringify(FLOOR_SIGNAL)});
};
`;

/** Puts the blank page in the web root; the returned function removes it. */
export function installFloorPage(webRoot = WEB_ROOT): () => void {
  writeFileSync(join(webRoot, FLOOR_FILES.page), FLOOR_HTML);
  writeFileSync(join(webRoot, FLOOR_FILES.script), FLOOR_SCRIPT);
  return () => {
    for (const file of Object.values(FLOOR_FILES)) rmSync(join(webRoot, file), { force: true });
  };
}

export const FLOOR_COLUMNS = [
  'DOM ready',
  'its script ran',
  'WebSocket open',
  'Engine.IO open packet',
] as const;

/** Where a floor run holds Engine.IO's open packet, the figure warm rows are read against. */
const OPEN_PACKET = FLOOR_COLUMNS.indexOf('Engine.IO open packet');

/** One blank page in `context` (installFloorPage first): FLOOR_COLUMNS in ms after navigation. */
export async function measureFloorPage(context: BrowserContext, serverUrl: string) {
  const page = await context.newPage();
  try {
    const measured = page.waitForEvent('console', {
      predicate: (message) => message.text() === FLOOR_SIGNAL,
      timeout: 60_000,
    });
    await page.goto(`${serverUrl}/${FLOOR_FILES.page}`);
    await measured;
    return await page.evaluate<number[]>(`(() => {
      const at = (mark) => performance.getEntriesByName(mark)[0]?.startTime ?? NaN;
      const navigation = performance.getEntriesByType('navigation')[0];
      return [navigation.domContentLoadedEventEnd, at('floor:script'), at('floor:open'),
        at('floor:message')];
    })()`);
  } finally {
    await page.close();
  }
}

/**
 * The floor's Engine.IO open packet, median over its pages (undefined without any): what a warm
 * classroom page's frame is read against, since it moves with the machine's speed and load.
 */
export function floorOpenPacket(runs: number[][]): number | undefined {
  return runs.length === 0 ? undefined : median(runs.map((run) => run[OPEN_PACKET]!));
}

/**
 * How far a warm page's first frame (median, ms after navigation) is above the floor: the
 * classroom page's own time, comparable between runs whose machine was slower or faster.
 */
export function aboveFloor(frame: number, floor: number | undefined): string {
  return floor === undefined ? '—' : formatMs(frame - floor);
}

export function printFloorTable(runs: number[][]): void {
  if (runs.length === 0) return;
  const columns = FLOOR_COLUMNS.map((_, i) => median(runs.map((run) => run[i]!)));
  const opened = runs.map((run) => run[OPEN_PACKET]!);
  console.log(
    `\nFloor: a blank page in the same Chromium, between the classroom pages (median of ${runs.length}; ` +
      'its one small script opens a WebSocket to the lesson server). What a warm row adds to it is the page’s own.',
  );
  console.log(`\n| page | ${FLOOR_COLUMNS.join(' | ')} | open packet min–max |`);
  console.log(`| --- | ${FLOOR_COLUMNS.map(() => '---').join(' | ')} | --- |`);
  const range = `${formatMs(Math.min(...opened))}–${formatMs(Math.max(...opened))}`;
  console.log(
    `| blank page (floor) | ${columns.map((value) => formatMs(value)).join(' | ')} | ${range} |`,
  );
}
