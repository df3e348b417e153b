import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HolidayCalendar, loadShippedHolidayData } from '../../lesson-plans/index';
import type { TestApi } from './harness';
import { COORDINATOR, EMILY, INSPECTOR, MME_ROUX, startApi } from './harness';

interface Occurrence {
  uid: string;
  start: string;
  end: string;
}

/** Expands a feed with ical.js, an independent parser, applying EXDATE and RECURRENCE-ID. */
function occurrencesOf(text: string): Occurrence[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const masters = events.filter((e) => !e.isRecurrenceException());
  for (const exception of events.filter((e) => e.isRecurrenceException())) {
    masters.find((m) => m.uid === exception.uid)?.relateException(exception);
  }
  const out: Occurrence[] = [];
  for (const master of masters) {
    if (!master.isRecurring()) {
      out.push({ uid: master.uid, start: iso(master.startDate), end: iso(master.endDate) });
      continue;
    }
    const iterator = master.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      const details = master.getOccurrenceDetails(next);
      out.push({ uid: master.uid, start: iso(details.startDate), end: iso(details.endDate) });
    }
  }
  return out.sort((a, b) => a.start.localeCompare(b.start));
}

function iso(time: ICAL.Time): string {
  return time.toJSDate().toISOString();
}

describe('iCalendar feeds', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
    // One moved and one cancelled lesson in Emily's Monday 09:00 series.
    await api.store.moveSession('slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-07', {
      date: '2026-12-08',
      startTime: '11:00',
    });
    await api.store.setSessionState(
      'slot-ecole-jaures-ce2_ecole-jaures-cm2@2026-12-14',
      'cancelled',
    );
  });
  afterAll(async () => api.close());

  async function feedText(who: typeof EMILY, kind: string, id: string): Promise<string> {
    const created = await api.call(who, 'POST', '/feeds', { kind, id });
    expect(created.status).toBe(201);
    const url = created.body.url as string;
    expect(url).toMatch(/\/feeds\/[A-Za-z0-9_-]+\.ics$/);
    const response = await fetch(url);
    expect(response.headers.get('content-type')).toMatch(/text\/calendar/);
    return response.text();
  }

  it('a tutor feed round-trips: every stored lesson and nothing else', async () => {
    const text = await feedText(EMILY, 'tutor', 'tutor-emily');
    expect(text).toContain('BEGIN:VTIMEZONE');
    expect(text).toMatch(/RRULE:FREQ=WEEKLY;UNTIL=\d{8}T\d{6}Z/);
    expect(text).toMatch(/EXDATE;TZID=Europe\/Paris:/);
    expect(text).toMatch(/RECURRENCE-ID;TZID=Europe\/Paris:20261207T090000/);
    const sessions = await api.store.listSessions({ tutorId: 'tutor-emily' });
    const expected = sessions.map((s) => ({ start: s.startsAt, end: s.endsAt }));
    expect(occurrencesOf(text).map(({ start, end }) => ({ start, end }))).toEqual(expected);
    expect(expected).toContainEqual({
      start: '2026-12-08T10:00:00.000Z',
      end: '2026-12-08T10:30:00.000Z',
    });
    expect(expected.some((s) => s.start === '2026-12-14T08:00:00.000Z')).toBe(false);
  });

  it('a class feed leaves a gap on every holiday and public holiday of its zone', async () => {
    const text = await feedText(MME_ROUX, 'class', 'ecole-curie-cm1');
    const dates = new Set(occurrencesOf(text).map((o) => o.start.slice(0, 10)));
    const { periods, publicHolidays } = loadShippedHolidayData();
    const calendar = new HolidayCalendar(periods, publicHolidays);
    let gaps = 0;
    for (
      let day = new Date('2026-09-07T00:00:00Z');
      day <= new Date('2026-12-18T00:00:00Z');
      day.setUTCDate(day.getUTCDate() + 7)
    ) {
      const date = day.toISOString().slice(0, 10);
      const off = calendar.dayOff(date, 'C');
      expect(dates.has(date), date).toBe(off === null);
      if (off) gaps += 1;
    }
    expect(gaps).toBe(2);
    expect(occurrencesOf(text).every((o) => /T08:00|T07:00/.test(o.start))).toBe(true);
  });

  it('school and inspector feeds; feed permissions and unknown tokens', async () => {
    const school = occurrencesOf(await feedText(COORDINATOR, 'school', 'ecole-curie'));
    expect(school).toHaveLength((await api.store.listSessions({ schoolId: 'ecole-curie' })).length);
    await api.call(INSPECTOR, 'POST', '/inspections', {
      sessionId: 'slot-ecole-curie-cm1@2026-11-30',
    });
    const visits = occurrencesOf(await feedText(INSPECTOR, 'inspector', 'inspector-martin'));
    expect(visits).toEqual([
      {
        uid: expect.any(String),
        start: '2026-11-30T08:00:00.000Z',
        end: '2026-11-30T08:30:00.000Z',
      },
    ]);
    expect(
      (await api.call(EMILY, 'POST', '/feeds', { kind: 'tutor', id: 'tutor-oliver' })).status,
    ).toBe(403);
    expect(
      (await api.call(MME_ROUX, 'POST', '/feeds', { kind: 'school', id: 'ecole-curie' })).status,
    ).toBe(403);
    expect(
      (await api.call(INSPECTOR, 'POST', '/feeds', { kind: 'inspector', id: 'inspector-diallo' }))
        .status,
    ).toBe(403);
    expect(
      (await api.call(COORDINATOR, 'POST', '/feeds', { kind: 'class', id: 'nope' })).status,
    ).toBe(404);
    expect(
      (await api.call(COORDINATOR, 'POST', '/feeds', { kind: 'planet', id: 'x' })).status,
    ).toBe(400);
    expect((await fetch(`${api.baseUrl}/feeds/${'a'.repeat(32)}.ics`)).status).toBe(404);
    expect((await fetch(`${api.baseUrl}/feeds/short.ics`)).status).toBe(400);
  });
});
