import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonSession } from '../../lesson-plans/index';
import type { TestApi } from './harness';
import { COORDINATOR, startApi } from './harness';

interface Occurrence {
  uid: string;
  start: string;
  end: string;
}

const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => p === 'python3' || existsSync(p))!;
const PY_SCRIPT = new URL('./tools/feed_occurrences.py', import.meta.url).pathname;
/** Debian's python3-icalendar and python3-recurring-ical-events (scripts/setup.sh installs them). */
const PYTHON_PARSER = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import icalendar, recurring_ical_events']);
    return true;
  } catch {
    return false;
  }
})();
if (!PYTHON_PARSER)
  console.warn(
    '\n*** SKIPPING the python icalendar feed checks: apt-get install python3-icalendar python3-recurring-ical-events ***\n',
  );

function pythonOccurrences(feed: string): Occurrence[] {
  return JSON.parse(execFileSync(PYTHON, [PY_SCRIPT], { input: feed }).toString()) as Occurrence[];
}

function nodeIcalOccurrences(feed: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const component of Object.values(ical.sync.parseICS(feed))) {
    if (!component || component.type !== 'VEVENT') continue;
    const instances = ical.expandRecurringEvent(component, {
      from: new Date('2026-08-01T00:00:00Z'),
      to: new Date('2028-09-01T00:00:00Z'),
    });
    for (const instance of instances)
      out.push({
        uid: component.uid,
        start: instance.start.toISOString(),
        end: instance.end.toISOString(),
      });
  }
  return dedupe(out);
}

/** node-ical lists an override both under its master and as its own component. */
function dedupe(list: Occurrence[]): Occurrence[] {
  const seen = new Map(list.map((o) => [`${o.uid} ${o.start}`, o]));
  return [...seen.values()].sort((a, b) => a.start.localeCompare(b.start));
}

function fromRest(sessions: LessonSession[]) {
  return sessions
    .filter((s) => s.state !== 'cancelled')
    .map((s) => ({ start: s.startsAt, end: s.endsAt }))
    .sort((a, b) => a.start.localeCompare(b.start));
}

const startsOnly = (list: Occurrence[]) => list.map(({ start, end }) => ({ start, end }));

/** A term-2 series (crossing the March change) and a term-1 one (October change). */
const TERM2_SLOT = {
  id: 'feed-t2',
  termId: 'T2-2027',
  tutorId: 'tutor-charlotte',
  classIds: ['ecole-verne-cm1'],
  weekday: 4,
  startTime: '16:00',
};

describe('feeds every client reads the same (D4, D7, D8)', () => {
  let api: TestApi;
  let url: string;
  beforeAll(async () => {
    api = await startApi();
    expect((await api.call(COORDINATOR, 'POST', '/slots', TERM2_SLOT)).status).toBe(201);
    const created = await api.call(COORDINATOR, 'POST', '/feeds', {
      kind: 'tutor',
      id: 'tutor-charlotte',
    });
    url = String(created.body.url);
  });
  afterAll(async () => api.close());

  const feed = async () => (await fetch(url)).text();
  const rest = async () => fromRest(await api.store.listSessions({ tutorId: 'tutor-charlotte' }));

  it('node-ical and python icalendar list exactly the REST lessons, across both clock changes', async () => {
    const text = await feed();
    const want = await rest();
    expect(want.some((l) => l.start.startsWith('2027-04'))).toBe(true);
    expect(startsOnly(nodeIcalOccurrences(text))).toEqual(want);
    if (PYTHON_PARSER) expect(startsOnly(pythonOccurrences(text))).toEqual(want);
  });

  it('UNTIL is the end of the last day on Paris time; properties come first; CRLF at the end', async () => {
    const text = await feed();
    expect(text).toContain('RRULE:FREQ=WEEKLY;UNTIL=20270415T215959Z');
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.indexOf('X-WR-TIMEZONE')).toBeGreaterThan(0);
    expect(text.indexOf('X-WR-TIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VTIMEZONE'));
    expect(text.indexOf('X-WR-TIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
  });

  it('SEQUENCE grows on every move and cancellation; DTSTAMP is the last change, not the fetch', async () => {
    /** SEQUENCE of the series master (the VEVENT with the RRULE). */
    const sequence = (text: string) => {
      const master = text
        .split('BEGIN:VEVENT')
        .find((e) => e.includes('UID:feed-t2@') && e.includes('RRULE'));
      return Number(/SEQUENCE:(\d+)/.exec(master ?? '')?.[1] ?? 0);
    };
    const before = await feed();
    expect(await feed()).toBe(before);
    const moved = await api.store.moveSession('feed-t2@2027-01-07', {
      date: '2027-01-08',
      startTime: '09:00',
    });
    expect(moved.ok).toBe(true);
    const afterMove = await feed();
    expect(sequence(afterMove)).toBeGreaterThan(sequence(before));
    expect(afterMove).toMatch(
      /RECURRENCE-ID;TZID=Europe\/Paris:20270107T160000\r\nSEQUENCE:1\r\n|SEQUENCE:1\r\n[\s\S]*RECURRENCE-ID/,
    );
    await api.store.setSessionState('feed-t2@2027-01-14', 'cancelled');
    const afterCancel = await feed();
    expect(sequence(afterCancel)).toBeGreaterThan(sequence(afterMove));
    // The harness clock (NOW) is when the changes were made: the stamp is a change, stable.
    expect(afterCancel).toContain('DTSTAMP:20261128T100000Z');
    expect(await feed()).toBe(afterCancel);
    expect(startsOnly(nodeIcalOccurrences(afterCancel))).toEqual(await rest());
    if (PYTHON_PARSER) expect(startsOnly(pythonOccurrences(afterCancel))).toEqual(await rest());
  });

  it('replacing or deleting a slot keeps the UIDs of the past lessons it keeps', async () => {
    const sub = await api.call(COORDINATOR, 'POST', '/feeds', { kind: 'tutor', id: 'tutor-emily' });
    const emily = String(sub.body.url);
    const uidsOfPast = async () =>
      nodeIcalOccurrences(await (await fetch(emily)).text())
        .filter((o) => o.start < '2026-11-28T10:00:00Z')
        .map((o) => `${o.uid} ${o.start}`);
    const before = await uidsOfPast();
    expect(before.length).toBeGreaterThan(10);
    const slots = (await api.call(COORDINATOR, 'GET', '/slots?tutorId=tutor-emily')).body
      .slots as Array<{ id: string }>;
    expect((await api.call(COORDINATOR, 'DELETE', `/slots/${slots[0]!.id}`)).status).toBe(200);
    const [replaced] = slots.slice(1);
    const slot = await api.store.getSlot(replaced!.id);
    const put = await api.call(COORDINATOR, 'PUT', `/slots/${replaced!.id}`, {
      ...slot,
      startTime: '16:00',
      id: undefined,
      plannedAt: undefined,
      retiredAt: undefined,
    });
    expect(put.status).toBe(200);
    expect(await uidsOfPast()).toEqual(before);
    const text = await (await fetch(emily)).text();
    expect(startsOnly(nodeIcalOccurrences(text))).toEqual(
      fromRest(await api.store.listSessions({ tutorId: 'tutor-emily' })),
    );
    if (PYTHON_PARSER)
      expect(startsOnly(pythonOccurrences(text))).toEqual(
        fromRest(await api.store.listSessions({ tutorId: 'tutor-emily' })),
      );
  });
});
