/**
 * `BENCH_TRACE=1` in bench:page: one more warm page (issue 14, receive-only) recorded with
 * Chromium's tracing (the DevTools Performance panel's categories, through playwright-core),
 * and summarised: the page's main-thread tasks of 10 ms or more up to the first frame, with
 * what ran inside them (modules evaluated, React's functions, microtasks, garbage collection,
 * layout), then how long each script took to parse off the main thread. Where the first
 * second goes, as a list; the marks table says when each step happened.
 */
import type { Browser, Page } from 'playwright-core';

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink.user_timing',
  'loading',
];
const TASK_MIN_US = 10_000;
const CHILD_MIN_US = 4_000;
/** The first mark the page makes (earlyConnection.ts): it names the page's main thread. */
const ANCHOR_MARK = 'passerelle:early-connection';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string } };
}

/** Records Chromium's trace while `run` opens a page and waits for its first frame. */
export async function tracePage(
  browser: Browser,
  page: Page,
  run: () => Promise<void>,
): Promise<TraceEvent[]> {
  await browser.startTracing(page, { categories: CATEGORIES });
  const failure = await run().then(
    () => null,
    (error: unknown) => ({ error }),
  );
  const trace = (await browser.stopTracing()).toString('utf8');
  if (failure) throw failure.error;
  return (JSON.parse(trace) as { traceEvents: TraceEvent[] }).traceEvents;
}

const chunk = (url = '') =>
  url
    .split('/')
    .pop()
    ?.replace(/-[\w-]{8}\.js$/, '') ?? '';

function describeChildren(task: TraceEvent, thread: TraceEvent[]): string {
  const end = task.ts + (task.dur ?? 0);
  const children = thread.filter(
    (event) =>
      event !== task &&
      event.ph === 'X' &&
      event.ts >= task.ts &&
      event.ts < end &&
      (event.dur ?? 0) >= CHILD_MIN_US &&
      !event.name.startsWith('V8.GC_') &&
      !event.name.startsWith('ThreadControllerImpl'),
  );
  return children
    .slice(0, 5)
    .map((event) => {
      const url = chunk(event.args?.data?.url);
      return `${event.name} ${Math.round((event.dur ?? 0) / 1000)}${url ? ` (${url})` : ''}`;
    })
    .join(', ');
}

/**
 * The summary's lines. `anchorMs` is ANCHOR_MARK's time after navigation as the page measured
 * it, which places the trace's clock; `frameMs` ends the window.
 */
export function summariseTrace(events: TraceEvent[], anchorMs: number, frameMs: number): string[] {
  const anchor = events.find((event) => event.name === ANCHOR_MARK);
  if (!anchor) return ['(no trace of the page: its anchor mark is missing)'];
  const start = anchor.ts - anchorMs * 1000;
  const end = start + frameMs * 1000;
  const inWindow = (event: TraceEvent) => event.ts >= start && event.ts <= end;
  const thread = events
    .filter((event) => event.pid === anchor.pid && event.tid === anchor.tid && inWindow(event))
    .sort((a, b) => a.ts - b.ts);
  const tasks = thread.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= TASK_MIN_US);
  const ms = (us: number) => `${Math.round(us / 1000)} ms`;
  const lines = [`Main thread, navigation → first frame (${ms(end - start)}):`];
  for (const task of tasks)
    lines.push(
      `  at ${ms(task.ts - start)}, ${ms(task.dur ?? 0)}: ${describeChildren(task, thread)}`,
    );
  const busy = tasks.reduce((total, task) => total + (task.dur ?? 0), 0);
  lines.push(`  busy in these tasks: ${ms(busy)}`);
  const parses = new Map<string, number>();
  for (const event of events)
    if (event.name === 'v8.parseOnBackground' && event.pid === anchor.pid && inWindow(event))
      parses.set(
        chunk(event.args?.data?.url),
        (parses.get(chunk(event.args?.data?.url)) ?? 0) + (event.dur ?? 0),
      );
  lines.push(
    'Parsed off the main thread: ' +
      [...parses].map(([name, us]) => `${name} ${ms(us)}`).join(', '),
  );
  return lines;
}
