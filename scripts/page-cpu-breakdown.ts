/**
 * `npx tsx scripts/page-cpu-breakdown.ts`: where a classroom page's CPU goes while the tutor
 * shows it as a thumbnail (issue 14). The same lesson as bench:page (a real server, the
 * tutor's page and a second class in one Chromium), then each page of BREAKDOWN_PAGES in a
 * Chromium of its own: its CPU over a window, per process (renderer, GPU process, audio
 * service…) and per thread, from /proc, and the page's own timers in that window. A page is
 * `full` or `recv` (camera refused), with `+trial` A/B changes (TRIALS) applied to it:
 * `BREAKDOWN_PAGES=full,full+noself,recv`. `BREAKDOWN_PROFILE=1` adds a JavaScript profile
 * of the window. Figures only, no assertion; bench:page's tables are the reference.
 */
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CLASS_NAMES, VIEWPORT, joinUrl, startBenchLesson, type Lesson } from './benchLesson';
import { FIRST_REMOTE_FRAME_MARK } from '../web/src/lesson/lessonState';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../test/helpers/browser';

const TICKS_PER_SECOND = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
const WINDOW_MS = Number(process.env.BREAKDOWN_WINDOW_MS ?? 8_000);
const PAGES = (process.env.BREAKDOWN_PAGES ?? 'full,recv').split(',');
const PROFILE = process.env.BREAKDOWN_PROFILE === '1';
/** As bench:page: longer than dynacast's delay before it lowers a thumbnail's layers. */
const SETTLE_MS = 4_000;

const REFUSE_CAMERA = `navigator.mediaDevices.getUserMedia = () =>
  Promise.reject(new DOMException('refused by the breakdown', 'NotAllowedError'));`;
/** Counts the page's requestAnimationFrame, setTimeout and setInterval calls. */
const COUNT_TIMERS = `window.__timers = { raf: 0, timeout: 0, interval: 0 };
  for (const [name, key] of [['requestAnimationFrame', 'raf'], ['setTimeout', 'timeout'], ['setInterval', 'interval']]) {
    const original = window[name].bind(window);
    window[name] = (...args) => { window.__timers[key]++; return original(...args); };
  }`;
const withStyle = (rule: string) => `document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = ${JSON.stringify(rule)};
  document.head.append(style);
});`;
const withAudio = (audio: string) => `{
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (c) => original({ ...c, audio: c.audio && ${audio} });
}`;
/** A/B trials, each an init script: what the page would cost without one of its parts. */
const TRIALS: Record<string, string> = {
  noself: withStyle('.classroom-self { display: none !important }'),
  selfsquare: withStyle(
    '.classroom-self { border-radius: 0 !important; overflow: visible !important }',
  ),
  stageclip: withStyle('.classroom-stage { overflow: hidden !important }'),
  noapm: withAudio('{ echoCancellation: false, noiseSuppression: false, autoGainControl: false }'),
  nomic: withAudio('false'),
};

function statFields(path: string): string[] {
  const stat = readFileSync(path, 'utf8');
  // The command name may hold spaces; the fields after its closing parenthesis do not.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** `rootPid` and all its descendants. */
function processTree(rootPid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), Number(statFields(`/proc/${entry}/stat`)[1]));
    } catch {
      // The process ended while the table was read.
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents)
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
  }
  return [...tree];
}

/** Chromium's name for the process: its --type, a utility's sub-type (the title is rewritten). */
function processKind(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = args.find((arg) => arg.startsWith('--type='))?.slice('--type='.length);
    const sub = args.find((arg) => arg.startsWith('--utility-sub-type='))?.split('=')[1];
    const webui = args.includes('--top-chrome-webui') ? ' (webui)' : '';
    return `${type ?? 'browser'}${sub ? `:${sub.replace('.mojom.', '.')}` : ''}${webui}`;
  } catch {
    return 'ended';
  }
}

/** CPU ticks so far of every thread in the tree, keyed pid/tid. */
function threadTicks(rootPid: number) {
  const threads = new Map<string, { kind: string; name: string; ticks: number }>();
  for (const pid of processTree(rootPid)) {
    const kind = processKind(pid);
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const task = `/proc/${pid}/task/${tid}`;
        const name = readFileSync(`${task}/comm`, 'utf8').trim().replace(/\d+$/, '#');
        const fields = statFields(`${task}/stat`);
        threads.set(`${pid}/${tid}`, {
          kind,
          name,
          ticks: Number(fields[11]) + Number(fields[12]),
        });
      }
    } catch {
      // The process or thread ended meanwhile.
    }
  }
  return threads;
}

/** Cores used over the window, in total, per process kind and per thread name. */
async function breakdown(rootPid: number) {
  const before = threadTicks(rootPid);
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  const after = threadTicks(rootPid);
  const seconds = (performance.now() - start) / 1000;
  const byProcess = new Map<string, number>();
  const byThread = new Map<string, number>();
  let total = 0;
  for (const [key, { kind, name, ticks }] of after) {
    const cores = (ticks - (before.get(key)?.ticks ?? 0)) / TICKS_PER_SECOND / seconds;
    if (cores <= 0) continue;
    total += cores;
    byProcess.set(kind, (byProcess.get(kind) ?? 0) + cores);
    const thread = `${kind} / ${name}`;
    byThread.set(thread, (byThread.get(thread) ?? 0) + cores);
  }
  return { total, byProcess, byThread };
}

/** The self-time of the page's JavaScript functions over the window, most first. */
async function profiled<T>(context: BrowserContext, page: Page, run: () => Promise<T>) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1_000 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (node.hitCount ?? 0));
  }
  const lines = [...self].sort((a, b) => b[1] - a[1]).slice(0, 10);
  return { result, samples: profile.samples?.length ?? 0, lines };
}

const timers = (page: Page) => page.evaluate('window.__timers') as Promise<Record<string, number>>;

async function measurePage(lesson: Lesson, tutor: Page, spec: string): Promise<void> {
  const [kind, ...trials] = spec.split('+');
  const server = await chromium.launchServer({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const browser = await chromium.connect(server.wsEndpoint());
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.addInitScript(COUNT_TIMERS);
    if (kind === 'recv') await page.addInitScript(REFUSE_CAMERA);
    for (const trial of trials) {
      if (!TRIALS[trial])
        throw new Error(`unknown trial ${trial}: ${Object.keys(TRIALS).join(', ')}`);
      await page.addInitScript(TRIALS[trial]);
    }
    await page.goto(await joinUrl(lesson, 'classroom', 0));
    await page.waitForFunction(
      (mark) => performance.getEntriesByName(mark).length > 0,
      FIRST_REMOTE_FRAME_MARK,
      { timeout: 60_000 },
    );
    // The other class in the spotlight: the measured one is a thumbnail.
    const button = tutor.getByRole('button', { name: `Spotlight ${CLASS_NAMES[1]}` });
    if (await button.count()) await button.click();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const timersBefore = await timers(page);
    const measure = () => breakdown(server.process().pid!);
    const run = PROFILE ? await profiled(context, page, measure) : { result: await measure() };
    const timersAfter = await timers(page);
    const { total, byProcess, byThread } = run.result;
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(
      `\n${spec}, thumbnail: ${total.toFixed(2)} of a core over ${WINDOW_MS} ms (load ${load})`,
    );
    for (const [name, cores] of [...byProcess].sort((a, b) => b[1] - a[1]))
      console.log(`  ${cores.toFixed(3)}  ${name}`);
    console.log('  threads (0.005 or more):');
    for (const [name, cores] of [...byThread].sort((a, b) => b[1] - a[1]))
      if (cores >= 0.005) console.log(`    ${cores.toFixed(3)}  ${name}`);
    const calls = Object.keys(timersAfter).map(
      (key) => `${key} ${timersAfter[key]! - timersBefore[key]!}`,
    );
    console.log(`  the page's timers started in the window: ${calls.join(', ')}`);
    if ('samples' in run) {
      console.log(`  JavaScript, ${run.samples} samples of 1 ms, self time:`);
      for (const [name, hits] of run.lines) console.log(`    ${hits}  ${name}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  const lesson = await startBenchLesson();
  const server = lesson.server;
  const others = await chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const tutor = await (await others.newContext({ viewport: VIEWPORT })).newPage();
    await tutor.goto(await joinUrl(lesson, 'tutor'));
    const other = await (await others.newContext({ viewport: VIEWPORT })).newPage();
    await other.goto(await joinUrl(lesson, 'classroom', 1, '?video=320x240&fps=10'));
    await tutor.getByTestId('lesson-room').waitFor({ timeout: 60_000 });
    for (const spec of PAGES) await measurePage(lesson, tutor, spec);
  } finally {
    await others.close();
    await server.close();
  }
}

await main();
