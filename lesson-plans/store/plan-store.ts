import { createHash } from 'node:crypto';
import { z } from 'zod';
import type {
  EditorRef,
  LessonPlan,
  Material,
  NewMaterial,
  PlanContent,
  PlanEdit,
  PlanFieldChange,
  PlanHistoryEntry,
  PlanTemplate,
} from '../domain/lesson-plan';
import {
  EMPTY_PLAN,
  MATERIAL_MAX_BYTES,
  MaterialKindSchema,
  NewMaterialSchema,
  PlanContentSchema,
} from '../domain/lesson-plan';
import type { Result } from '../domain/result';
import { PlanningFailure, fail, ok } from '../domain/result';
import type { PlanningDb, StoreContext } from './context';
import { inTransaction, newId } from './context';
import type { PlanningDatabase } from './schema';

const EditorRefSchema = z.object({ userId: z.string(), role: z.string(), name: z.string() });
const PLAN_FIELDS = [
  'objectives',
  'vocabulary',
  'activities',
  'materialIds',
  'handoverNote',
] as const;

export function createPlanStore(ctx: StoreContext) {
  const { db } = ctx;
  return {
    getPlan: (sessionId: string) => readPlan(db, sessionId),
    editPlan: (sessionId: string, edit: PlanEdit, editor: EditorRef) =>
      inTransaction(db, (trx) => writePlan(ctx, trx, sessionId, edit, editor)),
    async listPlanHistory(sessionId: string): Promise<PlanHistoryEntry[]> {
      const rows = await db
        .selectFrom('plan_history')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('version')
        .execute();
      return rows.map((row) => ({
        sessionId: row.session_id,
        version: row.version,
        changedAt: row.changed_at,
        changedBy: EditorRefSchema.parse(JSON.parse(row.changed_by)),
        changes: JSON.parse(row.changes) as PlanFieldChange[],
      }));
    },
    addMaterial: (meta: NewMaterial, bytes: Uint8Array, uploadedBy: string) =>
      addMaterial(ctx, meta, bytes, uploadedBy),
    async listMaterials(): Promise<Material[]> {
      const rows = await db
        .selectFrom('materials')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toMaterial);
    },
    async getMaterialContent(id: string) {
      const row = await db
        .selectFrom('materials')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { material: toMaterial(row), content: Buffer.from(row.content) };
    },
    createTemplate: (
      input: { name: string; level: string | null; fromSessionId: string },
      by: string,
    ) => createTemplate(ctx, input, by),
    async listTemplates(): Promise<PlanTemplate[]> {
      const rows = await db
        .selectFrom('plan_templates')
        .selectAll()
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map(toTemplate);
    },
    applyTemplate: (
      sessionId: string,
      templateId: string,
      expectedVersion: number,
      editor: EditorRef,
    ) =>
      inTransaction(db, async (trx) => {
        const row = await trx
          .selectFrom('plan_templates')
          .selectAll()
          .where('id', '=', templateId)
          .executeTakeFirst();
        if (!row)
          throw new PlanningFailure({
            code: 'not_found',
            message: `template ${templateId} not found`,
          });
        const { objectives, vocabulary, activities, materialIds } = toTemplate(row);
        const edit = { expectedVersion, objectives, vocabulary, activities, materialIds };
        return writePlan(ctx, trx, sessionId, edit, editor);
      }),
  };
}

async function readPlan(db: PlanningDb, sessionId: string): Promise<Result<LessonPlan>> {
  const session = await db
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session) return fail('not_found', `session ${sessionId} not found`);
  const row = await db
    .selectFrom('lesson_plans')
    .selectAll()
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return ok({ sessionId, ...EMPTY_PLAN, version: 0, updatedAt: null, updatedBy: null });
  return ok({
    sessionId,
    ...PlanContentSchema.parse(JSON.parse(row.content)),
    version: row.version,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by ? EditorRefSchema.parse(JSON.parse(row.updated_by)) : null,
  });
}

async function writePlan(
  ctx: StoreContext,
  trx: PlanningDb,
  sessionId: string,
  edit: PlanEdit,
  editor: EditorRef,
): Promise<LessonPlan> {
  const current = await readPlan(trx, sessionId);
  if (!current.ok) throw new PlanningFailure(current.error);
  if (edit.expectedVersion !== current.value.version) {
    const message = `the plan is at version ${current.value.version}; reload before editing`;
    throw new PlanningFailure({
      code: 'conflict',
      message,
      details: { version: current.value.version },
    });
  }
  const fields: Partial<PlanEdit> = { ...edit };
  delete fields.expectedVersion;
  const merged = PlanContentSchema.safeParse({ ...pickContent(current.value), ...fields });
  if (!merged.success)
    throw new PlanningFailure({
      code: 'invalid_request',
      message: 'invalid plan',
      details: merged.error.issues,
    });
  await assertMaterialsExist(trx, merged.data.materialIds);
  const changes = diffPlans(pickContent(current.value), merged.data);
  if (changes.length === 0) return current.value;
  const version = current.value.version + 1;
  const changedAt = ctx.now().toISOString();
  const row = {
    content: JSON.stringify(merged.data),
    version,
    updated_at: changedAt,
    updated_by: JSON.stringify(editor),
  };
  await trx
    .insertInto('lesson_plans')
    .values({ session_id: sessionId, ...row })
    .onConflict((oc) => oc.column('session_id').doUpdateSet(row))
    .execute();
  await trx
    .insertInto('plan_history')
    .values({
      id: newId('edit'),
      session_id: sessionId,
      version,
      changed_at: changedAt,
      changed_by: JSON.stringify(editor),
      changes: JSON.stringify(changes),
    })
    .execute();
  return { sessionId, ...merged.data, version, updatedAt: changedAt, updatedBy: editor };
}

function pickContent(plan: PlanContent): PlanContent {
  return {
    objectives: plan.objectives,
    vocabulary: plan.vocabulary,
    activities: plan.activities,
    materialIds: plan.materialIds,
    handoverNote: plan.handoverNote,
  };
}

export function diffPlans(before: PlanContent, after: PlanContent): PlanFieldChange[] {
  return PLAN_FIELDS.filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  ).map((field) => ({ field, before: before[field], after: after[field] }));
}

async function assertMaterialsExist(db: PlanningDb, ids: readonly string[]) {
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('materials')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  const missing = ids.filter((id) => !rows.some((row) => row.id === id));
  if (missing.length > 0)
    throw new PlanningFailure({
      code: 'invalid_request',
      message: `unknown materials: ${missing.join(', ')}`,
    });
}

/** Identical bytes are stored once and shared, so a flashcard set is reused across classes. */
async function addMaterial(
  ctx: StoreContext,
  meta: NewMaterial,
  bytes: Uint8Array,
  uploadedBy: string,
): Promise<Result<Material>> {
  const parsed = NewMaterialSchema.safeParse(meta);
  if (!parsed.success) return fail('invalid_request', 'invalid material', parsed.error.issues);
  if (bytes.byteLength === 0) return fail('invalid_request', 'empty file');
  if (bytes.byteLength > MATERIAL_MAX_BYTES)
    return fail('invalid_request', `files are limited to ${MATERIAL_MAX_BYTES} bytes`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const existing = await ctx.db
    .selectFrom('materials')
    .selectAll()
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (existing) return ok(toMaterial(existing));
  const material: Material = {
    ...parsed.data,
    id: newId('material'),
    sizeBytes: bytes.byteLength,
    sha256,
    uploadedBy,
    createdAt: ctx.now().toISOString(),
  };
  await ctx.db
    .insertInto('materials')
    .values({
      id: material.id,
      name: material.name,
      kind: material.kind,
      mime_type: material.mimeType,
      size_bytes: material.sizeBytes,
      sha256,
      content: bytes,
      uploaded_by: uploadedBy,
      created_at: material.createdAt,
    })
    .execute();
  return ok(material);
}

function toMaterial(row: PlanningDatabase['materials']): Material {
  return {
    id: row.id,
    name: row.name,
    kind: MaterialKindSchema.parse(row.kind),
    mimeType: NewMaterialSchema.shape.mimeType.parse(row.mime_type),
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  };
}

async function createTemplate(
  ctx: StoreContext,
  input: { name: string; level: string | null; fromSessionId: string },
  createdBy: string,
): Promise<Result<PlanTemplate>> {
  const plan = await readPlan(ctx.db, input.fromSessionId);
  if (!plan.ok) return plan;
  const { objectives, vocabulary, activities, materialIds } = plan.value;
  const content = JSON.stringify({ objectives, vocabulary, activities, materialIds });
  const row = {
    id: newId('template'),
    name: input.name,
    level: input.level,
    content,
    created_by: createdBy,
    created_at: ctx.now().toISOString(),
  };
  await ctx.db.insertInto('plan_templates').values(row).execute();
  return ok(toTemplate(row));
}

const TemplateContentSchema = PlanContentSchema.omit({ handoverNote: true });

function toTemplate(row: PlanningDatabase['plan_templates']): PlanTemplate {
  return {
    id: row.id,
    name: row.name,
    level: row.level,
    ...TemplateContentSchema.parse(JSON.parse(row.content)),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export type PlanStore = ReturnType<typeof createPlanStore>;
