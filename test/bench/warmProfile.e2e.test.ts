import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarmChromium } from '../../scripts/benchPageProfile';

/** bench:page's warm Chromium: the whiteboard's on-disk profile, kept between pages, removed after. */
let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((_, res) => res.end('<!doctype html><title>page</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const viewport = { width: 320, height: 240 };

describe("bench:page's warm profile", () => {
  it('on disk: one profile for every page (what one page stored, the next reads), gone once closed', async () => {
    const warm = await openWarmChromium('disk', viewport);
    const dir = warm.profileDir!;
    try {
      expect(warm.browser).toBeNull();
      const first = await warm.context.newPage();
      await first.goto(origin);
      await first.evaluate(() => localStorage.setItem('cached', 'capabilities'));
      await first.close();
      const next = await warm.context.newPage();
      await next.goto(origin);
      expect(await next.evaluate(() => localStorage.getItem('cached'))).toBe('capabilities');
      expect(readdirSync(dir).length).toBeGreaterThan(0);
    } finally {
      await warm.close();
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('off the record: a Browser (for tracing) and no profile on disk', async () => {
    const warm = await openWarmChromium('incognito', viewport);
    try {
      expect(warm.browser).not.toBeNull();
      expect(warm.profileDir).toBeNull();
      const page = await warm.context.newPage();
      await page.goto(origin);
      expect(await page.title()).toBe('page');
    } finally {
      await warm.close();
    }
  });
});
