import { describe, expect, it } from 'vitest';
import { loadHolidayCalendar, reportToCsv, toCsv } from '../../lesson-plans/index';
import { parisWallClock } from '../../web/src/planning/dates';
import { vcalendar, vevent } from './calendar-fixture';

/** The Ministry's national feed cuts the February 2026 break into zone-set segments. */
const NATIONAL = vcalendar('Calendrier scolaire - toutes zones', [
  vevent("Vacances d'Hiver - Zones A/B", '2026-02-14', '2026-02-21'),
  vevent("Vacances d'Hiver - Zones A/B/C", '2026-02-21', '2026-03-02'),
  vevent("Vacances d'Hiver - Zone C", '2026-03-02', '2026-03-09'),
  vevent("Vacances d'Hiver - Corse", '2026-02-21', '2026-03-09'),
  vevent("Début des Vacances d'Été - Zones A/B/C", '2026-07-04', '2026-07-04'),
]);

describe("D2: the Ministry's national feed", () => {
  it('reads zone sets, merges segments, skips Corse and keeps the zero-length summer start', () => {
    const parsed = loadHolidayCalendar(NATIONAL);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const winter = (zone: string) =>
      parsed.value.filter((p) => p.zone === zone && p.name === "Vacances d'Hiver");
    expect(winter('A')).toEqual([
      { zone: 'A', name: "Vacances d'Hiver", startDate: '2026-02-14', endDate: '2026-03-02' },
    ]);
    expect(winter('C')).toEqual([
      { zone: 'C', name: "Vacances d'Hiver", startDate: '2026-02-21', endDate: '2026-03-09' },
    ]);
    for (const zone of ['A', 'B', 'C'])
      expect(parsed.value).toContainEqual({
        zone,
        name: "Vacances d'Été",
        startDate: '2026-07-04',
        endDate: '2026-09-01',
      });
  });

  it('?zone=C keeps only zone C instead of filing every segment under it', () => {
    const parsed = loadHolidayCalendar(NATIONAL, { zone: 'C' });
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(new Set(parsed.value.map((p) => p.zone))).toEqual(new Set(['C']));
    expect(parsed.value.find((p) => p.name === "Vacances d'Hiver")).toMatchObject({
      startDate: '2026-02-21',
      endDate: '2026-03-09',
    });
  });
});

describe('D6: CSV French Excel opens with a double click', () => {
  it('starts with a BOM, separates with ";" and writes decimals with a comma', () => {
    const csv = toCsv([
      ['École', 'n'],
      ['Marie-Curie', 12.5],
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe('\uFEFFÉcole;n\r\nMarie-Curie;12,5\r\n');
    expect(toCsv([['a', 12.5]], 'en')).toBe('\uFEFFa,12.5\r\n');
  });

  it('guards = + - @ tab CR and ; in text, and leaves negative numbers numeric', () => {
    const row = ['=1+1', '+33', '-2', '@SUM(A1)', '\tx', '\rx', ';x', 'a;b', -3.5, 0];
    const [line] = toCsv([row]).slice(1).split('\r\n');
    expect(line).toBe(`'=1+1;'+33;'-2;'@SUM(A1);'\tx;"'\rx";"';x";"a;b";-3,5;0`);
    const report = reportToCsv([{ school: '-École', delta: -4 }], ['school', 'delta'], 'en');
    expect(report).toBe("\uFEFFschool,delta\r\n'-École,-4\r\n");
  });
});

describe('D11: the move form speaks Paris wall-clock time', () => {
  it('pre-fills 10:00 for a Paris 10:00 lesson, whatever the viewer zone, across DST', () => {
    expect(parisWallClock('2027-01-05T09:00:00.000Z')).toEqual({
      date: '2027-01-05',
      time: '10:00',
    });
    expect(parisWallClock('2027-04-06T08:00:00.000Z')).toEqual({
      date: '2027-04-06',
      time: '10:00',
    });
    expect(parisWallClock('2026-12-01T23:30:00.000Z')).toEqual({
      date: '2026-12-02',
      time: '00:30',
    });
  });
});
