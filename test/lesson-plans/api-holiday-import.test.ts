import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HolidayImportPreview } from '../../lesson-plans/index';
import { HolidayImportPreviewSchema } from '../../lesson-plans/index';
import { vcalendar, vevent } from './calendar-fixture';
import type { TestApi } from './harness';
import { COORDINATOR, MME_ROUX, startApi } from './harness';

/** A national-style feed closing every zone-C school the week of 30 Nov 2026. */
const CLOSURE = vcalendar('Calendrier scolaire', [
  vevent('Vacances exceptionnelles - Zones B/C', '2026-11-30', '2026-12-05'),
]);
const WEEK = { from: '2026-11-28T00:00:00Z', to: '2026-12-05T00:00:00Z' };

describe('holiday import preview and apply (API)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  it('previews without writing, applies only the reviewed change, refuses a stale one', async () => {
    const before = await api.store.listSessions(WEEK);
    expect(before.length).toBeGreaterThan(0);
    const preview = await api.call(COORDINATOR, 'POST', '/holidays/import/preview', {
      ics: CLOSURE,
    });
    expect(preview.status).toBe(200);
    const body = HolidayImportPreviewSchema.parse(preview.body.preview) as HolidayImportPreview;
    expect(body.zones).toEqual(['B', 'C']);
    expect(body.toCancel.map((l) => l.sessionId).sort()).toEqual(before.map((s) => s.id).sort());
    expect(await api.store.listSessions(WEEK)).toHaveLength(before.length);
    const applied = await api.call(COORDINATOR, 'POST', '/holidays/import/apply', {
      ics: CLOSURE,
      digest: body.digest,
      source: 'closure.ics',
    });
    expect(applied.status).toBe(200);
    expect(await api.store.listSessions(WEEK)).toEqual([]);
    const again = await api.call(COORDINATOR, 'POST', '/holidays/import/apply', {
      ics: CLOSURE,
      digest: body.digest,
    });
    expect(again.status).toBe(409);
  });

  it('checks who imports and what is sent', async () => {
    expect(
      (await api.call(MME_ROUX, 'POST', '/holidays/import/preview', { ics: CLOSURE })).status,
    ).toBe(403);
    expect((await api.call(COORDINATOR, 'POST', '/holidays/import/preview', {})).status).toBe(400);
    expect(
      (await api.call(COORDINATOR, 'POST', '/holidays/import/preview', { ics: 'hello' })).status,
    ).toBe(400);
    expect(
      (await api.call(COORDINATOR, 'POST', '/holidays/import/apply', { ics: CLOSURE, digest: 'x' }))
        .status,
    ).toBe(400);
  });
});

describe('reports as .xlsx (D6)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api.close());

  it('exports the attendance rows with numbers as numbers and text as text', async () => {
    const response = await api.raw(
      COORDINATOR,
      'GET',
      '/reports/attendance/export.xlsx?termId=T1-2026',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/spreadsheetml/);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const strings = strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array());
    expect(`${sheet}${strings}`).toContain('École élémentaire Marie-Curie');
    // The lesson count is a numeric cell (no t="s" / t="inlineStr"), not text.
    expect(sheet).toMatch(/<c r="D2"(?: s="\d+")?><v>\d+<\/v><\/c>/);
    expect(
      (await api.raw(COORDINATOR, 'GET', '/reports/pupils/export.xlsx?termId=T1-2026')).status,
    ).toBe(400);
    expect(
      (await api.raw(MME_ROUX, 'GET', '/reports/attendance/export.xlsx?termId=T1-2026')).status,
    ).toBe(403);
  });
});
