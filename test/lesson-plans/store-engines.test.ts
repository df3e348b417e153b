import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { PlanningStore } from '../../lesson-plans/index';
import { openPlanningStore } from '../../lesson-plans/index';
import { freshStoreLocation, postgresAdminUrl, storeKind } from '../helpers/planningStore';
import { openTown } from './calendar-fixture';

/**
 * What could differ between SQLite and PostgreSQL, checked on whichever store the project
 * runs (`unit`: SQLite, `postgres`: PostgreSQL) with the same expectations.
 */
describe(`the planning store behaves the same on both engines (${storeKind()})`, () => {
  let store: PlanningStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('of two slots booking one tutor at the same time concurrently, exactly one is created', async () => {
    store = await openTown([
      { id: 'lille', zone: 'B' },
      { id: 'lyon', zone: 'A' },
    ]);
    const slot = { termId: 'Y2', tutorId: 'tutor', weekday: 2, startTime: '10:30' } as const;
    const results = await Promise.all([
      store.createSlot({ ...slot, id: 'first', classIds: ['lille-cm1'] }),
      store.createSlot({ ...slot, id: 'second', classIds: ['lyon-cm1'] }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await store.listSlots({ termId: 'Y2' })).toHaveLength(1);
  });

  it('of two edits of a plan from the same version concurrently, one is saved, the other refused', async () => {
    store = await openTown([{ id: 'lille', zone: 'B' }]);
    const created = await store.createSlot({
      id: 'weekly',
      termId: 'Y2',
      tutorId: 'tutor',
      classIds: ['lille-cm1'],
      weekday: 1,
      startTime: '10:30',
    });
    if (!created.ok) throw new Error(created.error.message);
    const sessionId = created.value.sessions[0]!.id;
    const editor = (name: string) => ({ userId: name, role: 'tutor', name });
    const results = await Promise.all(
      ['colours', 'animals', 'weather'].map((topic) =>
        store!.editPlan(sessionId, { objectives: [topic], expectedVersion: 0 }, editor(topic)),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'conflict')).toHaveLength(2);
    expect(await store.listPlanHistory(sessionId)).toHaveLength(1);
  });

  it('sorts names byte by byte, keeps instants as the ISO strings written and figures as doubles', async () => {
    store = await openTown([]);
    const names: [string, string][] = [
      ['s1', 'école Jaurès'],
      ['s2', 'Zola'],
      ['s3', 'abbé Grégoire'],
      ['s4', 'Ecole Curie'],
    ];
    for (const [id, name] of names)
      await store.createSchool({ id, name, town: 'T', academie: 'Lille', holidayZone: 'B' });
    expect((await store.listSchools()).map((s) => s.name)).toEqual([
      'Ecole Curie',
      'Zola',
      'abbé Grégoire',
      'école Jaurès',
    ]);
    await store.createClass({
      id: 'c',
      schoolId: 's1',
      name: 'CM1',
      level: 'CM1',
      teacherId: 't',
      teacherName: 'T',
      whiteboardEndpoint: 'w',
    });
    const created = await store.createSlot({
      termId: 'Y2',
      tutorId: 'tutor',
      classIds: ['c'],
      weekday: 3,
      startTime: '09:00',
    });
    if (!created.ok) throw new Error(created.error.message);
    const [lesson] = created.value.sessions;
    const sample = {
      sessionId: lesson!.id,
      role: 'classroom' as const,
      displayName: 'CM1',
      recordedAt: '2027-09-01T07:00:00.123Z',
      bitrateKbps: 1234.5678901234,
      packetLossPct: 0.1,
      freezeCount: 3,
      roundTripMs: 42.42,
    };
    expect((await store.recordQualitySample(sample)).ok).toBe(true);
    expect(await store.listQualitySamples(lesson!.id)).toEqual([sample]);
    expect((await store.getSession(lesson!.id))?.startsAt).toBe(lesson!.startsAt);
  });

  it('keeps material bytes exactly', async () => {
    store = await openTown([]);
    const bytes = new Uint8Array(256 * 1024).map((_, i) => (i * 31 + (i >> 8)) & 0xff);
    const added = await store.addMaterial(
      { name: 'song.ogg', kind: 'audio', mimeType: 'audio/ogg' },
      bytes,
      'tutor',
    );
    if (!added.ok) throw new Error(added.error.message);
    const read = await store.getMaterialContent(added.value.id);
    expect(read?.material.sizeBytes).toBe(bytes.byteLength);
    expect(Buffer.compare(read!.content, Buffer.from(bytes))).toBe(0);
  });

  it.runIf(storeKind() === 'postgres')(
    'refuses a PostgreSQL database whose text sorts by language rules',
    async () => {
      const admin = new pg.Client({ connectionString: postgresAdminUrl() });
      await admin.connect();
      const name = `french_${Date.now()}`;
      await admin.query(
        `create database ${name} template template0 locale_provider icu icu_locale 'fr-FR'`,
      );
      const url = new URL(postgresAdminUrl()!);
      url.pathname = `/${name}`;
      try {
        await expect(openPlanningStore({ databaseUrl: url.href })).rejects.toThrow(
          /collation.*byte order/,
        );
      } finally {
        await admin.query(`drop database ${name} with (force)`);
        await admin.end();
      }
    },
  );

  it.runIf(storeKind() === 'postgres')(
    'survives the server closing its idle connections, and closes without leaving one behind',
    async () => {
      const location = await freshStoreLocation();
      const databaseUrl = (location.where as { databaseUrl: string }).databaseUrl;
      const database = new URL(databaseUrl).pathname.slice(1);
      const admin = new pg.Client({ connectionString: postgresAdminUrl() });
      await admin.connect();
      const backends = async () =>
        Number(
          (
            await admin.query('select count(*) as n from pg_stat_activity where datname = $1', [
              database,
            ])
          ).rows[0].n,
        );
      try {
        store = await openPlanningStore(location.where);
        await Promise.all([store.listSchools(), store.listSchools(), store.listSchools()]);
        expect(await backends()).toBeGreaterThan(0);
        // What a PostgreSQL restart or failover does to a running server's idle connections.
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1',
          [database],
        );
        await expect.poll(backends).toBe(0);
        // pg-pool drops a dead idle connection when its socket closes; the store goes on.
        await expect.poll(() => store!.listSchools().then(() => 'answered')).toBe('answered');
        expect(await backends()).toBeGreaterThan(0);
        await store.close();
        store = undefined;
        expect(await backends()).toBe(0);
      } finally {
        await admin.end();
        await location.drop();
      }
    },
  );

  it.runIf(storeKind() === 'postgres')('migrates an empty PostgreSQL database', async () => {
    const location = await freshStoreLocation({ empty: true });
    store = await openPlanningStore(location.where);
    expect((await store.listHolidayPeriods()).length).toBe(3 * 2 * 6);
    await store.close();
    store = undefined;
    await location.drop();
  });
});
