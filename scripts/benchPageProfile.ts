/**
 * bench:page's Chromiums for the classroom. Warm rows run in one Chromium left running, with the
 * profile a whiteboard's own has (`disk`: V8 keeps the compiled code of the app's scripts in its
 * cache from one page to the next) or off the record (`incognito`: no code cache, so every page
 * compiles every chunk again). The on-disk profile is a temporary directory, removed on close:
 * what the bench's pages stored (cached capabilities, the bench server's assets) goes with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserServer } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../test/helpers/browser';

export type WarmProfile = 'disk' | 'incognito';

/** A Chromium of its own, whose processes' CPU can be read from /proc (server.process()). */
export function launchClassroomChromium(): Promise<BrowserServer> {
  return chromium.launchServer({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export interface WarmChromium {
  context: BrowserContext;
  /** null on disk: Playwright gives a persistent context no Browser (so no tracing). */
  browser: Browser | null;
  /** The on-disk profile's directory, null off the record. */
  profileDir: string | null;
  /** Closes the Chromium and removes its profile. */
  close: () => Promise<void>;
}

/** The warm rows' running Chromium and its one context, with `profile`. */
export async function openWarmChromium(
  profile: WarmProfile,
  viewport: { width: number; height: number },
): Promise<WarmChromium> {
  if (profile === 'disk') {
    const profileDir = mkdtempSync(join(tmpdir(), 'bench-whiteboard-'));
    try {
      const context = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM_EXECUTABLE,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport,
      });
      const close = async () => {
        try {
          await context.close();
        } finally {
          rmSync(profileDir, { recursive: true, force: true });
        }
      };
      return { context, browser: null, profileDir, close };
    } catch (error) {
      rmSync(profileDir, { recursive: true, force: true });
      throw error;
    }
  }
  const server = await launchClassroomChromium();
  const browser = await chromium.connect(server.wsEndpoint());
  const context = await browser.newContext({ viewport });
  const close = async () => {
    try {
      await browser.close();
    } finally {
      await server.close();
    }
  };
  return { context, browser, profileDir: null, close };
}
