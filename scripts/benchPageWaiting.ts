/**
 * bench:page's waiting-screen rows: a whiteboard does not navigate to a lesson; it sits on
 * its permanent page (`/classroom/<class>#key=…`, ClassroomHome) and joins from there, by
 * itself a minute before the start or by the teacher's button. So the time a class waits for
 * the tutor is from that decision (`passerelle:waiting-screen-join`) to the first remote frame,
 * on a page whose app is already loaded. Figures only.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { CLASSROOM_LINK_TTL_SECONDS } from '../signaling';
import {
  FIRST_FRAME_STEP_MARKS,
  FIRST_REMOTE_FRAME_MARK,
  JOINED_MARK,
} from '../web/src/lesson/lessonState';
import type { TestServer } from '../test/helpers/server';

/** The steps read on each page, in ms after the waiting screen decided to join. */
const STEPS = [
  ['socket', FIRST_FRAME_STEP_MARKS.connected],
  ['Device loaded', FIRST_FRAME_STEP_MARKS.deviceLoaded],
  ['joined', JOINED_MARK],
  ['recv transport', FIRST_FRAME_STEP_MARKS.recvTransport],
  ['consumer', FIRST_FRAME_STEP_MARKS.consumed],
  ['DTLS up', FIRST_FRAME_STEP_MARKS.recvConnected],
  ['frame', FIRST_REMOTE_FRAME_MARK],
] as const;

export interface WaitingScreenRow {
  page: string;
  /** Per run: the waiting screen's join after navigation, then STEPS after that join. */
  runs: number[][];
}

export interface WaitingScreenOptions {
  server: TestServer;
  classId: string;
  className: string;
  runs: number;
  /** A page that signals its first remote frame (and refuses the camera when receive-only). */
  newPage: (context: BrowserContext, refuseCamera: boolean) => Promise<Page>;
  /** Resolves once `page` signalled its first remote frame. */
  frameShown: (page: Page) => Promise<unknown>;
}

/** Opens the class's permanent page `runs` times per kind of page; joins if it does not itself. */
export async function measureFromWaitingScreen(
  context: BrowserContext,
  options: WaitingScreenOptions,
): Promise<WaitingScreenRow[]> {
  const { server, classId, className } = options;
  const key = await server.apiTokens.mint(
    'classroom',
    classId,
    className,
    CLASSROOM_LINK_TTL_SECONDS,
  );
  const link = `${server.url}/classroom/${encodeURIComponent(classId)}#key=${key}`;
  const rows: WaitingScreenRow[] = [];
  for (const full of [false, true]) {
    const row: WaitingScreenRow = { page: full ? 'full (camera + mic)' : 'receive-only', runs: [] };
    for (let run = 0; run < options.runs; run++) {
      const page = await options.newPage(context, !full);
      const framed = options.frameShown(page);
      await page.goto(link);
      // Before its start the screen offers the button; within the last minute it joins alone.
      const button = page.getByRole('button', { name: 'Rejoindre la leçon maintenant' });
      const joining = page.getByTestId('lesson-room');
      await Promise.race([
        button.waitFor({ timeout: 60_000 }),
        joining.waitFor({ timeout: 60_000 }),
      ]);
      if (await button.isVisible()) await button.click();
      await framed;
      row.runs.push(await stepsAfterJoin(page));
      await page.close();
      const [joinedAt, ...after] = row.runs.at(-1)!;
      console.log(
        `waiting screen ${run + 1}/${options.runs}: ${row.page}: joined ${Math.round(joinedAt!)} ms ` +
          `after navigation, then ${STEPS.map(([label], i) => `${label} ${Math.round(after[i]!)}`).join(', ')} ms`,
      );
    }
    rows.push(row);
  }
  return rows;
}

async function stepsAfterJoin(page: Page): Promise<number[]> {
  const names = [FIRST_FRAME_STEP_MARKS.waitingScreenJoin, ...STEPS.map(([, mark]) => mark)];
  // A string, not a function: tsx would wrap named helpers in a __name() the page lacks.
  const times = (await page.evaluate(`${JSON.stringify(names)}.map((name) => {
    const mark = performance.getEntriesByName(name)[0];
    return mark ? mark.startTime : NaN;
  })`)) as number[];
  const [join, ...steps] = times;
  if (Number.isNaN(join))
    throw new Error('the waiting screen did not mark its join (ClassroomHome)');
  return [join!, ...steps.map((at) => at - join!)];
}

/** The median of the values that were measured (a missing mark is NaN); NaN if none was. */
export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A measured time for the tables: rounded, or a dash when its mark was missing (NaN). */
export function formatMs(value: number): string {
  return Number.isNaN(value) ? '—' : `${Math.round(value)} ms`;
}

export function printWaitingScreenTable(rows: WaitingScreenRow[]): void {
  console.log(
    '\nFrom the waiting screen: the class page already open, ms after it decided to join (median; min–max of the frame)',
  );
  const columns = ['join after navigation', ...STEPS.map(([label]) => label)];
  console.log(`\n| classroom page | ${columns.join(' | ')} | frame after joined | frame min–max |`);
  console.log(`| --- | ${columns.map(() => '---').join(' | ')} | --- | --- |`);
  const joined = columns.indexOf('joined');
  for (const row of rows) {
    const cells = columns.map((_, i) => formatMs(median(row.runs.map((run) => run[i]!))));
    const frames = row.runs.map((run) => run[columns.length - 1]!);
    const afterJoined = median(row.runs.map((run) => run[columns.length - 1]! - run[joined]!));
    const range = `${formatMs(Math.min(...frames))}–${formatMs(Math.max(...frames))}`;
    console.log(`| ${row.page} | ${cells.join(' | ')} | ${formatMs(afterJoined)} | ${range} |`);
  }
}
