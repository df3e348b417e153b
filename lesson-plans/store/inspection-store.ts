import type { CriteriaGrades, Inspection } from '../domain/inspection';
import type { CsvLocale } from './csv';
import { toCsv } from './csv';
import { CriteriaGradesSchema, INSPECTION_CRITERIA } from '../domain/inspection';
import type { Result } from '../domain/result';
import { PlanningFailure, fail, ok } from '../domain/result';
import type { PlanningDb, StoreContext } from './context';
import { inTransaction, newId } from './context';

export function createInspectionStore(ctx: StoreContext) {
  const { db } = ctx;
  return {
    /** An inspector picks a lesson to observe; the grid starts empty. */
    async createInspection(sessionId: string, inspectorId: string): Promise<Result<Inspection>> {
      const session = await db
        .selectFrom('sessions')
        .select(['id', 'state'])
        .where('id', '=', sessionId)
        .executeTakeFirst();
      if (!session) return fail('invalid_request', `session ${sessionId} does not exist`);
      if (session.state === 'cancelled') return fail('conflict', 'that lesson is cancelled');
      const inspector = await db
        .selectFrom('inspectors')
        .select('id')
        .where('id', '=', inspectorId)
        .executeTakeFirst();
      if (!inspector) return fail('forbidden', `inspector ${inspectorId} is not registered`);
      const row = {
        id: newId('inspection'),
        session_id: sessionId,
        inspector_id: inspectorId,
        grades: '{}',
        signed_off_at: null,
        created_at: ctx.now().toISOString(),
      };
      await db.insertInto('inspections').values(row).execute();
      return ok((await readInspection(db, row.id))!);
    },
    getInspection: (id: string) => readInspection(db, id),
    async listInspections(filter: { inspectorId?: string; sessionId?: string } = {}) {
      let query = db.selectFrom('inspections').select('id').orderBy('created_at').orderBy('id');
      if (filter.inspectorId) query = query.where('inspector_id', '=', filter.inspectorId);
      if (filter.sessionId) query = query.where('session_id', '=', filter.sessionId);
      const ids = await query.execute();
      const inspections = await Promise.all(ids.map((row) => readInspection(db, row.id)));
      return inspections.filter((inspection): inspection is Inspection => inspection !== undefined);
    },
    gradeInspection: (id: string, grades: CriteriaGrades) =>
      inTransaction(db, async (trx) => {
        const inspection = await openInspection(trx, id);
        const merged = CriteriaGradesSchema.parse({ ...inspection.grades, ...grades });
        await trx
          .updateTable('inspections')
          .set({ grades: JSON.stringify(merged) })
          .where('id', '=', id)
          .execute();
        return (await readInspection(trx, id))!;
      }),
    addInspectionNote: (id: string, text: string, at?: string) =>
      inTransaction(db, async (trx) => {
        await openInspection(trx, id);
        const note = {
          id: newId('note'),
          inspection_id: id,
          at: at ?? ctx.now().toISOString(),
          text,
        };
        await trx.insertInto('inspection_notes').values(note).execute();
        return (await readInspection(trx, id))!;
      }),
    /** After sign-off the observation is a record: no grade or note may change. */
    signOffInspection: (id: string) =>
      inTransaction(db, async (trx) => {
        await openInspection(trx, id);
        await trx
          .updateTable('inspections')
          .set({ signed_off_at: ctx.now().toISOString() })
          .where('id', '=', id)
          .execute();
        return (await readInspection(trx, id))!;
      }),
  };
}

async function openInspection(db: PlanningDb, id: string): Promise<Inspection> {
  const inspection = await readInspection(db, id);
  if (!inspection)
    throw new PlanningFailure({ code: 'not_found', message: `inspection ${id} not found` });
  if (inspection.signedOffAt)
    throw new PlanningFailure({ code: 'conflict', message: 'the inspection is signed off' });
  return inspection;
}

async function readInspection(db: PlanningDb, id: string): Promise<Inspection | undefined> {
  const row = await db
    .selectFrom('inspections')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const notes = await db
    .selectFrom('inspection_notes')
    .select(['at', 'text'])
    .where('inspection_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return {
    id: row.id,
    sessionId: row.session_id,
    inspectorId: row.inspector_id,
    grades: CriteriaGradesSchema.parse(JSON.parse(row.grades)),
    notes,
    signedOffAt: row.signed_off_at,
    createdAt: row.created_at,
  };
}

export function inspectionToCsv(inspection: Inspection, locale: CsvLocale = 'fr'): string {
  const lines = [['section', 'criterion', 'level_or_time', 'text']];
  for (const criterion of INSPECTION_CRITERIA) {
    const level = inspection.grades[criterion.id] ?? 'not_observed';
    lines.push(['grade', criterion.id, level, criterion.label]);
  }
  for (const note of inspection.notes) lines.push(['note', '', note.at, note.text]);
  lines.push(['sign_off', '', inspection.signedOffAt ?? '', '']);
  return toCsv(lines, locale);
}

export function inspectionToMarkdown(inspection: Inspection): string {
  const grid = INSPECTION_CRITERIA.map(
    (c) => `| ${c.label} | ${inspection.grades[c.id] ?? 'not_observed'} |`,
  );
  const notes = inspection.notes.map((note) => `- ${note.at}: ${note.text.replace(/\n/g, ' ')}`);
  return [
    `# Inspection ${inspection.id}`,
    '',
    `Session: ${inspection.sessionId}  `,
    `Inspector: ${inspection.inspectorId}  `,
    `Signed off: ${inspection.signedOffAt ?? 'not yet'}`,
    '',
    '| Criterion | Level |',
    '| --- | --- |',
    ...grid,
    '',
    '## Notes',
    '',
    ...(notes.length > 0 ? notes : ['(none)']),
    '',
  ].join('\n');
}

export type InspectionStore = ReturnType<typeof createInspectionStore>;
