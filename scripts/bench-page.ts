/**
 * `npm run bench:page`: the classroom's whiteboard page on this machine. A real
 * server, the tutor's page (1280x720, its camera) in one Chromium, and the
 * classroom joining the running lesson in a Chromium of its own, so that its
 * processes' CPU can be read from /proc. Each row is measured with the issue-14
 * optimisations (dynacast, the server's capture policy, the join started by the
 * entry before React) and without them (`?dynacast=0`) in the same run. Cold rows
 * start a Chromium per page; warm rows open a new page in one already running
 * Chromium whose on-disk profile holds the app and V8's compiled code of it, as a
 * whiteboard left on all day does (BENCH_PROFILE=incognito: an off-the-record one).
 * Figures only: nothing here asserts on time.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CLASS_NAMES, VIEWPORT, joinUrl, startBenchLesson, type Lesson } from './benchLesson';
import {
  FIRST_FRAME_STEP_MARKS,
  FIRST_REMOTE_FRAME_MARK,
  JOINED_MARK,
} from '../web/src/lesson/lessonState';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE } from '../test/helpers/browser';
import { encodingState, sentEncodings } from '../test/helpers/senderLayers';
import {
  aboveFloor,
  floorOpenPacket,
  installFloorPage,
  measureFloorPage,
  printFloorTable,
} from './benchPageFloor';
import { launchClassroomChromium, openWarmChromium, type WarmProfile } from './benchPageProfile';
import { summariseTrace, tracePage } from './pageTrace';
import { measureTreeCpu } from './processCpu';
import {
  formatMs,
  measureFromWaitingScreen,
  median,
  printWaitingScreenTable,
  type WaitingScreenRow,
} from './benchPageWaiting';

const CPU_WINDOW_MS = Number(process.env.BENCH_CPU_WINDOW_MS ?? 8_000);
/** `BENCH_BASELINE=0` skips the `?dynacast=0` rows (a quicker look while working on the page). */
const WITH_BASELINE = process.env.BENCH_BASELINE !== '0';
/** `BENCH_WAITING=0` skips the rows joined from the whiteboard's waiting screen. */
const WITH_WAITING = process.env.BENCH_WAITING !== '0';
/** `BENCH_ONLY=warm` or `cold` runs one half of the benchmark. */
const ONLY = process.env.BENCH_ONLY;
/** `BENCH_TRACE=1`: one more warm page recorded with Chromium's tracing, summarised (pageTrace.ts). */
const TRACE = process.env.BENCH_TRACE === '1';
/**
 * The warm rows' Chromium profile (benchPageProfile.ts): `disk`, the default, as a whiteboard's;
 * `BENCH_PROFILE=incognito` for an off-the-record context (the warm rows before 3d8c6e6).
 */
const WARM_PROFILE: WarmProfile = process.env.BENCH_PROFILE === 'incognito' ? 'incognito' : 'disk';
/** Warm pages per variant; the table gives their median (a loaded machine is noisy). */
const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 5);
/** Longer than dynacast's LOWER_DELAY_MS, so the thumbnail's layers have settled. */
const SETTLE_MS = 4_000;

/** Makes getUserMedia fail as a refused camera does: the page joins receive-only. */
const REFUSE_CAMERA = `navigator.mediaDevices.getUserMedia = () =>
  Promise.reject(new DOMException('refused by the benchmark', 'NotAllowedError'));`;

interface Row {
  page: string;
  variant: string;
  domReadyMs: number;
  joinedMs: number;
  firstFrameMs: number;
  /** PHASE_COLUMNS, in ms after navigation. */
  steps: number[];
  cpuThumbnail: number;
  cpuSpotlight: number;
  /** From the spotlight's click to the camera's top encoding counting frames again (full pages). */
  topLayerBackMs: number | null;
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** What the measured page logs once it has painted its first remote frame. */
const FRAME_SIGNAL = 'passerelle-bench: first remote frame';

/**
 * Records the page's long tasks (main thread busy ≥ 50 ms) from its first script on, and
 * logs FRAME_SIGNAL at the first frame: the benchmark waits for that console line instead of
 * polling with waitForFunction, whose script Playwright would inject into the page (100-200 ms
 * of the page's main thread, during the very start being measured).
 */
const MEASURED_PAGE_SCRIPT = `window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries()))
    .observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName(${JSON.stringify(FIRST_REMOTE_FRAME_MARK)}).length === 0) return;
    observer.disconnect();
    console.debug(${JSON.stringify(FRAME_SIGNAL)});
  }).observe({ type: 'mark' });`;

/** A page for the classroom being measured (receive-only when `refuseCamera`). */
async function newMeasuredPage(context: BrowserContext, refuseCamera: boolean): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(MEASURED_PAGE_SCRIPT);
  if (refuseCamera) await page.addInitScript(REFUSE_CAMERA);
  return page;
}

/** Opens `url` and returns its PHASE_COLUMNS once its first remote frame is painted. */
async function gotoAndMeasure(page: Page, url: string): Promise<number[]> {
  const framed = page.waitForEvent('console', {
    predicate: (message) => message.text() === FRAME_SIGNAL,
    timeout: 60_000,
  });
  await page.goto(url);
  await framed;
  return firstFramePhases(page);
}

/** The page's marks, in order, from navigation to the first remote frame painted. */
const STEPS = [
  ['connect-only chunk ran', FIRST_FRAME_STEP_MARKS.earlyConnection],
  ['socket', FIRST_FRAME_STEP_MARKS.connected],
  ['router caps', FIRST_FRAME_STEP_MARKS.routerCapabilities],
  ['early media chunk ran', FIRST_FRAME_STEP_MARKS.earlyMedia],
  ['lesson client chunk ran', FIRST_FRAME_STEP_MARKS.lessonClient],
  ['app chunk ran', FIRST_FRAME_STEP_MARKS.app],
  ['React mounted', FIRST_FRAME_STEP_MARKS.mounted],
  ['Device loaded', FIRST_FRAME_STEP_MARKS.deviceLoaded],
  ['joined', JOINED_MARK],
  ['recv transport', FIRST_FRAME_STEP_MARKS.recvTransport],
  ['consumer', FIRST_FRAME_STEP_MARKS.consumed],
  ['DTLS up', FIRST_FRAME_STEP_MARKS.recvConnected],
  ['resumed', FIRST_FRAME_STEP_MARKS.resumed],
  ['frame', FIRST_REMOTE_FRAME_MARK],
] as const;

/**
 * After STEPS, from the page's resource timings and long tasks: when the lesson's largest
 * chunk (mediasoup-client, the early receive path's) and React's had been read (from the cache on warm pages),
 * and how long the main thread was busy in long tasks before the frame (parsing,
 * evaluating, rendering: what delays every step above).
 */
const EXTRA_COLUMNS = ['mediasoup JS read', 'React JS read', 'long tasks before frame'];
/** Every column of a page's phases: DOM ready, STEPS, then EXTRA_COLUMNS. */
const PHASE_COLUMNS = ['DOM ready', ...STEPS.map(([label]) => label), ...EXTRA_COLUMNS];

/** Milliseconds after navigation for PHASE_COLUMNS (NaN when a mark is missing). */
async function firstFramePhases(page: Page): Promise<number[]> {
  // A string, not a function: tsx would wrap named helpers in a __name() the page lacks.
  return page.evaluate(`(() => {
    const marks = ${JSON.stringify(STEPS.map(([, mark]) => mark))};
    const navigation = performance.getEntriesByType('navigation')[0];
    const at = (mark) => performance.getEntriesByName(mark)[0]?.startTime ?? NaN;
    const read = (chunk) => performance.getEntriesByType('resource')
      .find((entry) => entry.name.includes('/assets/' + chunk + '-'))?.responseEnd ?? NaN;
    const frame = at(${JSON.stringify(FIRST_REMOTE_FRAME_MARK)});
    const busy = (window.__longTasks ?? []).filter((task) => task.startTime < frame)
      .reduce((total, task) => total + Math.min(task.duration, frame - task.startTime), 0);
    return [navigation.domContentLoadedEventEnd, ...marks.map(at),
      read('mediasoup'), read('react'), busy];
  })()`);
}

/**
 * Spotlights the class and times how long its page takes to encode its top layer again
 * (its sender's `outbound-rtp` stats, polled every 50 ms): the "within 1 s".
 */
async function spotlightAndTimeTopLayer(tutor: Page, page: Page, name: string): Promise<number> {
  const rids = Object.keys(await sentEncodings(page)).sort();
  const encoding = encodingState(page, rids.at(-1) ?? 'r0', 'encoding');
  await encoding(); // the first reading only sets the baseline frame count
  const start = performance.now();
  await spotlight(tutor, name);
  while (!(await encoding())) {
    if (performance.now() - start > 30_000) return NaN;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return performance.now() - start;
}

/** Moves the tutor's spotlight to `name` (a no-op when it is there already). */
async function spotlight(tutor: Page, name: string): Promise<void> {
  const button = tutor.getByRole('button', { name: `Spotlight ${name}` });
  if (await button.count()) await button.click();
}

async function measureClassroom(
  lesson: Lesson,
  tutor: Page,
  full: boolean,
  optimised: boolean,
): Promise<Row> {
  const server = await launchClassroomChromium();
  const browser = await chromium.connect(server.wsEndpoint());
  try {
    const url = await joinUrl(lesson, 'classroom', 0, optimised ? '' : '?dynacast=0');
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await newMeasuredPage(context, !full);
    const steps = await gotoAndMeasure(page, url);
    const domReadyMs = steps[0]!;
    const joinedMs = steps[1 + STEPS.findIndex(([, mark]) => mark === JOINED_MARK)]!;
    const firstFrameMs = steps[STEPS.length]!;
    const pid = server.process().pid!;
    await spotlight(tutor, CLASS_NAMES[1]);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const cpuThumbnail = await measureTreeCpu(pid, CPU_WINDOW_MS);
    let topLayerBackMs: number | null = null;
    if (full) topLayerBackMs = await spotlightAndTimeTopLayer(tutor, page, CLASS_NAMES[0]);
    else await spotlight(tutor, CLASS_NAMES[0]);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const cpuSpotlight = await measureTreeCpu(pid, CPU_WINDOW_MS);
    const variant = optimised ? 'issue 14' : 'baseline (?dynacast=0)';
    const kind = full ? 'full (camera + mic)' : 'receive-only';
    return {
      page: kind,
      variant,
      domReadyMs,
      joinedMs,
      firstFrameMs,
      steps,
      cpuThumbnail,
      cpuSpotlight,
      topLayerBackMs,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

function printTable(rows: Row[]): void {
  const core = (value: number) => value.toFixed(2);
  console.log(
    '\n| classroom page | variant | DOM ready | joined | first remote frame | after joined | CPU thumbnail | CPU spotlight | top layer back |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const cells = [
      row.page,
      row.variant,
      formatMs(row.domReadyMs),
      formatMs(row.joinedMs),
      formatMs(row.firstFrameMs),
      formatMs(row.firstFrameMs - row.joinedMs),
      core(row.cpuThumbnail),
      core(row.cpuSpotlight),
      row.topLayerBackMs === null ? '—' : formatMs(row.topLayerBackMs),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log(`\n| classroom page | variant | ${PHASE_COLUMNS.join(' | ')} |`);
  console.log(`| --- | --- | ${PHASE_COLUMNS.map(() => '---').join(' | ')} |`);
  for (const row of rows)
    console.log(
      `| ${[row.page, row.variant, ...row.steps.map((value) => formatMs(value))].join(' | ')} |`,
    );
  console.log(`\nCPU: all the classroom Chromium's processes over ${CPU_WINDOW_MS} ms, in cores.`);
  console.log(
    'Top layer back: from the tutor spotlighting the class to its top encoding counting frames again (50 ms polling; the baseline never stops it).',
  );
}

interface WarmRow {
  page: string;
  variant: string;
  /** Per run: PHASE_COLUMNS, in ms after navigation. */
  runs: number[][];
}

/**
 * New pages, one after the other, in one running Chromium whose cache already holds the app
 * (a first page loaded it; WARM_PROFILE says which profile): navigation to first frame without
 * the browser's own start-up.
 * Baseline and optimised pages alternate, so that the machine's load weighs on both alike.
 */
async function measureWarm(
  lesson: Lesson,
): Promise<{ rows: WarmRow[]; floor: number[][]; waiting: WaitingScreenRow[] }> {
  const { context, browser, close } = await openWarmChromium(WARM_PROFILE, VIEWPORT);
  try {
    const home = await context.newPage();
    await home.goto(lesson.server.url); // the app's chunks into the cache, the processes up
    await home.close();
    const rows: WarmRow[] = [];
    const floor: number[][] = [];
    for (const full of [false, true]) {
      const variants = WITH_BASELINE ? [false, true] : [true];
      const byVariant = variants.map((optimised) => ({
        page: full ? 'full (camera + mic)' : 'receive-only',
        variant: optimised ? 'issue 14' : 'baseline (?dynacast=0)',
        optimised,
        runs: [] as number[][],
      }));
      for (let run = 0; run < WARM_RUNS; run++) {
        for (const row of byVariant) {
          const url = await joinUrl(lesson, 'classroom', 0, row.optimised ? '' : '?dynacast=0');
          const page = await newMeasuredPage(context, !full);
          const phases = await gotoAndMeasure(page, url);
          row.runs.push(phases);
          await page.close();
          // Each page's own figures too: a median of 5 hides whether one step or every one moved.
          const at = (column: string) => Math.round(phases[PHASE_COLUMNS.indexOf(column)]!);
          console.log(
            `warm ${run + 1}/${WARM_RUNS}: ${row.page}, ${row.variant}: socket ${at('socket')}, ` +
              `router caps ${at('router caps')}, recv transport ${at('recv transport')}, ` +
              `DTLS up ${at('DTLS up')}, frame ${at('frame')} ms`,
          );
        }
        // The blank page after each round of pages: the same load, the same warm Chromium.
        floor.push(await measureFloorPage(context, lesson.server.url));
      }
      rows.push(...byVariant.map(({ page, variant, runs }) => ({ page, variant, runs })));
    }
    if (TRACE && browser) await traceOnePage(browser, context, lesson);
    else if (TRACE)
      console.log('\nBENCH_TRACE needs BENCH_PROFILE=incognito (tracing is per browser).');
    // The same running Chromium, as the whiteboard's own would be.
    const waiting = !WITH_WAITING
      ? []
      : await measureFromWaitingScreen(context, {
          server: lesson.server,
          classId: lesson.classIds[0]!,
          className: CLASS_NAMES[0],
          runs: WARM_RUNS,
          newPage: newMeasuredPage,
          frameShown: (page) =>
            page.waitForEvent('console', {
              predicate: (message) => message.text() === FRAME_SIGNAL,
              timeout: 60_000,
            }),
        });
    return { rows, floor, waiting };
  } finally {
    await close();
  }
}

/** A receive-only issue-14 page under Chromium's tracing: where its first second goes. */
async function traceOnePage(browser: Browser, context: BrowserContext, lesson: Lesson) {
  const page = await newMeasuredPage(context, true);
  const url = await joinUrl(lesson, 'classroom', 0);
  let phases: number[] = [];
  const events = await tracePage(browser, page, async () => {
    phases = await gotoAndMeasure(page, url);
  });
  await page.close();
  const anchor = 1 + STEPS.findIndex(([, mark]) => mark === FIRST_FRAME_STEP_MARKS.earlyConnection);
  console.log('\nOne traced warm page (issue 14, receive-only):');
  for (const line of summariseTrace(events, phases[anchor]!, phases[STEPS.length]!))
    console.log(line);
}

/** `floor`: the blank page's Engine.IO open packet (floorOpenPacket), for "frame above floor". */
function printWarmTable(rows: WarmRow[], floor: number | undefined): void {
  console.log(
    `\nWarm: a new page in a running Chromium (${WARM_PROFILE} profile), median of ${WARM_RUNS} (min–max of navigation → frame; ` +
      'frame above floor: the median frame less the floor’s open packet, below)',
  );
  console.log(
    `\n| classroom page | variant | ${PHASE_COLUMNS.join(' | ')} | frame after joined | frame above floor | frame min–max |`,
  );
  console.log(`| --- | --- | ${PHASE_COLUMNS.map(() => '---').join(' | ')} | --- | --- | --- |`);
  for (const row of rows) {
    const columns = row.runs[0]!.map((_, i) => median(row.runs.map((run) => run[i]!)));
    const frames = row.runs.map((run) => run[STEPS.length]!);
    const range = `${formatMs(Math.min(...frames))}–${formatMs(Math.max(...frames))}`;
    const joined = 1 + STEPS.findIndex(([, mark]) => mark === JOINED_MARK);
    const afterJoined = median(row.runs.map((run) => run[STEPS.length]! - run[joined]!));
    const cells = [
      row.page,
      row.variant,
      ...columns.map((value) => formatMs(value)),
      formatMs(afterJoined),
      aboveFloor(columns[STEPS.length]!, floor),
      range,
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

async function measureCold(lesson: Lesson, tutor: Page): Promise<Row[]> {
  const rows: Row[] = [];
  for (const full of [false, true]) {
    for (const optimised of WITH_BASELINE ? [false, true] : [true]) {
      rows.push(await measureClassroom(lesson, tutor, full, optimised));
      console.log(`measured: ${rows.at(-1)!.page}, ${rows.at(-1)!.variant}`);
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const lesson = await startBenchLesson();
  const server = lesson.server;
  let removeFloorPage = (): void => undefined;
  const others = await chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const tutor = await openPage(others, await joinUrl(lesson, 'tutor'));
    // The second class, so that the measured one can be a thumbnail; 320x240 spares the CPU.
    await openPage(others, await joinUrl(lesson, 'classroom', 1, '?video=320x240&fps=10'));
    await tutor.getByTestId('lesson-room').waitFor({ timeout: 60_000 });
    removeFloorPage = installFloorPage();
    const {
      rows: warm,
      floor,
      waiting,
    } = ONLY === 'cold' ? { rows: [], floor: [], waiting: [] } : await measureWarm(lesson);
    const cold = ONLY === 'warm' ? [] : await measureCold(lesson, tutor);
    if (cold.length > 0) printTable(cold);
    if (warm.length > 0) printWarmTable(warm, floorOpenPacket(floor));
    printFloorTable(floor);
    if (waiting.length > 0) printWaitingScreenTable(waiting);
  } finally {
    removeFloorPage();
    await others.close();
    await server.close();
  }
}

await main();
