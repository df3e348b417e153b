import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';

/*
 * What explains a failed browser test, kept where CI leaves it
 * (`test-results/`, ignored by git): a screenshot and the console of every
 * open page, and the log of every test server still running.
 */

const RESULTS_DIR = join(process.cwd(), 'test-results');
/** Enough of a log to see what led to a failure, bounded so a chatty run cannot fill memory. */
const MAX_LOG_LINES = 5_000;

const browsers = new Set<Browser>();
const consoles = new WeakMap<BrowserContext, string[]>();
const serverLogs = new Map<string, string[]>();

function pushBounded(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
}

/** Records the console and uncaught errors of every page opened in `browser`'s contexts. */
export function watchBrowser(browser: Browser): Browser {
  browsers.add(browser);
  browser.on('disconnected', () => browsers.delete(browser));
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
    const context = await newContext(...args);
    const lines: string[] = [];
    consoles.set(context, lines);
    context.on('console', (message) =>
      pushBounded(lines, `${new Date().toISOString()} [${message.type()}] ${message.text()}`),
    );
    context.on('weberror', (error) =>
      pushBounded(lines, `${new Date().toISOString()} [uncaught] ${error.error().message}`),
    );
    return context;
  };
  return browser;
}

/** A place for a test server's log lines (pino JSON), dumped when a test fails. */
export function serverLogSink(name: string): { write(line: string): void; close(): void } {
  const lines: string[] = [];
  serverLogs.set(name, lines);
  return {
    write: (line) => pushBounded(lines, line.trimEnd()),
    close: () => void serverLogs.delete(name),
  };
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120);
}

/** Saves screenshots, consoles and server logs for a failed test; returns the folder. */
export async function saveFailureArtifacts(file: string, testName: string): Promise<string> {
  const folder = join(RESULTS_DIR, safeName(relative(process.cwd(), file)), safeName(testName));
  mkdirSync(folder, { recursive: true });
  let index = 0;
  for (const browser of browsers) {
    for (const context of browser.contexts()) {
      const console = consoles.get(context) ?? [];
      for (const page of context.pages()) {
        index += 1;
        const label = `page-${index}`;
        writeFileSync(join(folder, `${label}.url.txt`), page.url() + '\n');
        await page
          .screenshot({ path: join(folder, `${label}.png`), timeout: 5_000 })
          .catch((error: unknown) =>
            writeFileSync(join(folder, `${label}.screenshot-failed.txt`), String(error)),
          );
      }
      writeFileSync(join(folder, `context-${index}.console.log`), console.join('\n') + '\n');
    }
  }
  for (const [name, lines] of serverLogs) {
    writeFileSync(join(folder, `${safeName(name)}.server.log`), lines.join('\n') + '\n');
  }
  return folder;
}
