import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from './harness';
import { COORDINATOR, EMILY, INSPECTOR, MME_ROUX, startApi } from './harness';

const NEW_SCHOOL = {
  id: 'ecole-test',
  name: 'École Test',
  town: 'Val-de-Brume',
  academie: 'Créteil',
  holidayZone: 'C',
};
const NEW_CLASS = {
  id: 'ecole-test-cm2',
  schoolId: 'ecole-test',
  name: 'CM2 Test',
  level: 'CM2',
  teacherId: 'teacher-test',
  teacherName: 'Mme Test',
  whiteboardEndpoint: 'tbi-test',
};

describe('directory API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  it('answers 401 unauthenticated without a principal, 404 for unknown endpoints', async () => {
    const response = await api.call(null, 'GET', '/schools');
    expect(response).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect((await api.call(COORDINATOR, 'GET', '/nowhere')).body.error?.code).toBe('not_found');
  });

  it('GET /schools lists the eleven demo schools; GET /schools/:id finds one or 404', async () => {
    const list = await api.call(EMILY, 'GET', '/schools');
    expect((list.body.schools as unknown[]).length).toBe(11);
    expect((await api.call(EMILY, 'GET', '/schools/ecole-curie')).body.school).toMatchObject({
      holidayZone: 'C',
    });
    expect((await api.call(EMILY, 'GET', '/schools/nope')).status).toBe(404);
    expect((await api.call(EMILY, 'GET', '/schools/bad%20id')).status).toBe(400);
  });

  it('POST /schools: coordinator only, validated, no duplicates', async () => {
    expect((await api.call(MME_ROUX, 'POST', '/schools', NEW_SCHOOL)).body.error?.code).toBe(
      'forbidden',
    );
    const invalid = await api.call(COORDINATOR, 'POST', '/schools', {
      ...NEW_SCHOOL,
      holidayZone: 'D',
    });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect((invalid.body.error?.details as unknown[]).length).toBeGreaterThan(0);
    expect((await api.call(COORDINATOR, 'POST', '/schools', NEW_SCHOOL)).status).toBe(201);
    expect((await api.call(COORDINATOR, 'POST', '/schools', NEW_SCHOOL)).status).toBe(409);
  });

  it('rejects malformed JSON with invalid_request', async () => {
    const response = await api.raw(COORDINATOR, 'POST', '/schools', {
      body: '{"id":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_request',
    );
  });

  it('POST /classes validates level and school; GET /classes scopes a teacher to her classes', async () => {
    expect(
      (await api.call(COORDINATOR, 'POST', '/classes', { ...NEW_CLASS, level: 'CP' })).status,
    ).toBe(400);
    expect(
      (await api.call(COORDINATOR, 'POST', '/classes', { ...NEW_CLASS, schoolId: 'nope' })).status,
    ).toBe(404);
    expect((await api.call(EMILY, 'POST', '/classes', NEW_CLASS)).status).toBe(403);
    expect((await api.call(COORDINATOR, 'POST', '/classes', NEW_CLASS)).status).toBe(201);
    const mine = await api.call(MME_ROUX, 'GET', '/classes');
    expect((mine.body.classes as Array<{ id: string }>).map((c) => c.id)).toEqual([
      'ecole-curie-cm1',
    ]);
    const all = await api.call(COORDINATOR, 'GET', '/classes?schoolId=ecole-prevert');
    expect((all.body.classes as unknown[]).length).toBe(3);
  });

  it('GET /classes/:id hides other classes from a teacher', async () => {
    expect((await api.call(MME_ROUX, 'GET', '/classes/ecole-curie-cm1')).status).toBe(200);
    expect((await api.call(MME_ROUX, 'GET', '/classes/ecole-curie-cm2')).status).toBe(404);
    expect((await api.call(INSPECTOR, 'GET', '/classes/ecole-curie-cm2')).status).toBe(200);
  });

  it('POST /tutors defaults to Europe/London and rejects unknown zones; GET /tutors lists them', async () => {
    const created = await api.call(COORDINATOR, 'POST', '/tutors', {
      id: 'tutor-new',
      name: 'New Tutor',
    });
    expect(created).toMatchObject({ status: 201, body: { tutor: { timeZone: 'Europe/London' } } });
    const bad = await api.call(COORDINATOR, 'POST', '/tutors', {
      id: 'tutor-x',
      name: 'X',
      timeZone: 'Mars/Olympus',
    });
    expect(bad.status).toBe(400);
    expect((await api.call(INSPECTOR, 'GET', '/tutors')).body.tutors).toHaveLength(4);
  });

  it('POST /inspectors and GET /inspectors', async () => {
    expect(
      (await api.call(INSPECTOR, 'POST', '/inspectors', { id: 'insp-3', name: 'Trois' })).status,
    ).toBe(403);
    expect(
      (await api.call(COORDINATOR, 'POST', '/inspectors', { id: 'insp-3', name: '' })).status,
    ).toBe(400);
    expect(
      (await api.call(COORDINATOR, 'POST', '/inspectors', { id: 'insp-3', name: 'Trois' })).status,
    ).toBe(201);
    expect((await api.call(COORDINATOR, 'GET', '/inspectors')).body.inspectors).toHaveLength(3);
  });

  it('POST /school-years refuses terms outside the year; GET lists terms', async () => {
    const year = { id: '2027-2028', startDate: '2027-09-01', endDate: '2028-07-01' };
    const term = {
      id: 'T1-2027',
      schoolYearId: '2027-2028',
      name: 'Trimestre 1',
      startDate: '2027-09-01',
      endDate: '2027-12-17',
    };
    const outside = await api.call(COORDINATOR, 'POST', '/school-years', {
      year,
      terms: [{ ...term, endDate: '2028-08-01' }],
    });
    expect(outside.status).toBe(400);
    expect((await api.call(COORDINATOR, 'POST', '/school-years', { year, terms: [] })).status).toBe(
      400,
    );
    expect(
      (await api.call(COORDINATOR, 'POST', '/school-years', { year, terms: [term] })).status,
    ).toBe(201);
    expect(
      (await api.call(COORDINATOR, 'POST', '/school-years', { year, terms: [term] })).status,
    ).toBe(409);
    const years = (await api.call(MME_ROUX, 'GET', '/school-years')).body.schoolYears as Array<{
      terms: unknown[];
    }>;
    expect(years.map((y) => y.terms.length)).toEqual([3, 1]);
  });

  it('GET /holidays filters by zone and date', async () => {
    const response = await api.call(EMILY, 'GET', '/holidays?zone=C&from=2027-01-05&to=2027-06-30');
    const names = (response.body.periods as Array<{ name: string }>).map((p) => p.name);
    expect(names).toEqual(["Vacances d'Hiver", 'Vacances de Printemps', "Pont de l'Ascension"]);
    expect((await api.call(EMILY, 'GET', '/holidays?zone=Z')).status).toBe(400);
  });
});

describe('holiday import API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  // A newer file moves zone C's winter break one week later, onto seeded term-2 dates.
  const NEWER = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ministere//FR',
    'BEGIN:VEVENT',
    'UID:x1',
    'DTSTAMP:20261101T000000Z',
    'DTSTART;VALUE=DATE:20261128',
    'DTEND;VALUE=DATE:20261208',
    'SUMMARY:Vacances exceptionnelles - Zone C',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');

  it('refuses non-coordinators and files that are not calendars', async () => {
    const asTeacher = await api.raw(MME_ROUX, 'POST', '/holidays/import', {
      body: NEWER,
      headers: { 'content-type': 'text/calendar' },
    });
    expect(asTeacher.status).toBe(403);
    const garbage = await api.raw(COORDINATOR, 'POST', '/holidays/import', {
      body: 'not a calendar',
      headers: { 'content-type': 'text/calendar' },
    });
    expect(garbage.status).toBe(400);
    const empty = await api.raw(COORDINATOR, 'POST', '/holidays/import', {
      body: '',
      headers: { 'content-type': 'text/plain' },
    });
    expect(empty.status).toBe(400);
  });

  it('imports a text/calendar body and cancels the lessons it now covers', async () => {
    const before = await api.store.listSessions({
      from: '2026-11-28T00:00:00Z',
      to: '2026-12-08T00:00:00Z',
    });
    expect(before.length).toBeGreaterThan(0);
    const response = await api.raw(COORDINATOR, 'POST', '/holidays/import', {
      body: NEWER,
      headers: { 'content-type': 'text/calendar' },
    });
    expect(response.status).toBe(201);
    const report = (
      (await response.json()) as { import: { cancelledSessionIds: string[]; zones: string[] } }
    ).import;
    expect(report.zones).toEqual(['C']);
    expect(report.cancelledSessionIds.sort()).toEqual(before.map((s) => s.id).sort());
    expect(
      await api.store.listSessions({ from: '2026-11-28T00:00:00Z', to: '2026-12-08T00:00:00Z' }),
    ).toEqual([]);
  });

  it('accepts a multipart upload with the zone given in the query', async () => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([NEWER.replace(' - Zone C', '')], { type: 'text/calendar' }),
      'zone-b.ics',
    );
    const response = await api.raw(COORDINATOR, 'POST', '/holidays/import?zone=B', { body: form });
    expect(response.status).toBe(201);
    const periods = await api.store.listHolidayPeriods({
      zone: 'B',
      from: '2026-11-28',
      to: '2026-12-01',
    });
    expect(periods).toMatchObject([{ name: 'Vacances exceptionnelles', source: 'zone-b.ics' }]);
  });
});
