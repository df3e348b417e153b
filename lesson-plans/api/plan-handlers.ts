import type { EditorRef, Material } from '../domain/lesson-plan';
import { NewMaterialSchema } from '../domain/lesson-plan';
import type { Principal } from '../domain/model';
import type { PlanningStore } from '../store/open';
import { visibleSession } from './access';
import { FileAnswer, type Upload } from './adapter';
import { sniffMaterialType } from './material-bytes';
import { failure, found, parseInput, unwrap } from './http';
import type { PlanningHandlers } from './planning-handlers';

/** What one person may store in total; a school's year of flashcards and songs fits easily. */
export const UPLOADER_QUOTA_BYTES = 100 * 1024 * 1024;
/**
 * What one lesson plan may reference in total: a 30-minute lesson shows a handful of
 * pictures and plays a song or two, and every viewer downloads all of it.
 */
export const PLAN_MATERIAL_QUOTA_BYTES = 20 * 1024 * 1024;

type PlanHandlers = Pick<
  PlanningHandlers,
  | 'getPlan'
  | 'editPlan'
  | 'planHistory'
  | 'applyTemplate'
  | 'sessionMaterials'
  | 'sessionMaterialContent'
  | 'listMaterials'
  | 'uploadMaterial'
  | 'materialContent'
  | 'listTemplates'
  | 'createTemplate'
>;

/**
 * Material bytes, with headers that keep them inert: the sniffed type, nosniff, and
 * pictures/audio inline while anything else (PDF) downloads as an attachment.
 */
export function materialAnswer({ material, content }: { material: Material; content: Uint8Array }) {
  const inline = material.mimeType.startsWith('image/') || material.mimeType.startsWith('audio/');
  return new FileAnswer('material', content, {
    contentType: material.mimeType,
    attachment: inline ? undefined : material.id,
    headers: {
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  });
}

async function checkUpload(
  store: PlanningStore,
  file: NonNullable<Upload['file']>,
  userId: string,
) {
  const sniffed = sniffMaterialType(file.buffer);
  if (!sniffed || sniffed !== file.mimetype)
    throw failure('invalid_request', `the file's content is not the declared ${file.mimetype}`);
  const used = (await store.listMaterials())
    .filter((material) => material.uploadedBy === userId)
    .reduce((total, material) => total + material.sizeBytes, 0);
  if (used + file.size > UPLOADER_QUOTA_BYTES)
    throw failure('conflict', `upload quota of ${UPLOADER_QUOTA_BYTES} bytes reached`);
  return sniffed;
}

/** Refuses a plan whose materials would add up to more than the per-plan quota. */
async function checkPlanQuota(store: PlanningStore, materialIds: readonly string[] | undefined) {
  if (!materialIds) return;
  const referenced = new Set(materialIds);
  const bytes = (await store.listMaterials())
    .filter((material) => referenced.has(material.id))
    .reduce((total, material) => total + material.sizeBytes, 0);
  if (bytes > PLAN_MATERIAL_QUOTA_BYTES)
    throw failure(
      'conflict',
      `a lesson plan may reference at most ${PLAN_MATERIAL_QUOTA_BYTES} bytes of materials`,
      { quota: 'plan_materials', limitBytes: PLAN_MATERIAL_QUOTA_BYTES, requestedBytes: bytes },
    );
}

function editorOf(principal: Principal): EditorRef {
  return { userId: principal.userId, role: principal.role, name: principal.name };
}

/** Lesson plans, their history, materials and templates. */
export function planHandlers(store: PlanningStore): PlanHandlers {
  const sessionOf = (principal: Principal, id: string) => visibleSession(store, principal, id);
  return {
    getPlan: async ({ principal, params }) => ({
      plan: unwrap(await store.getPlan((await sessionOf(principal, params.id)).id)),
    }),
    editPlan: async ({ principal, params, body: edit }) => {
      const session = await sessionOf(principal, params.id);
      await checkPlanQuota(store, edit.materialIds);
      return { plan: unwrap(await store.editPlan(session.id, edit, editorOf(principal))) };
    },
    planHistory: async ({ principal, params }) => ({
      history: await store.listPlanHistory((await sessionOf(principal, params.id)).id),
    }),
    applyTemplate: async ({ principal, params, body: { templateId, expectedVersion } }) => {
      const session = await sessionOf(principal, params.id);
      const template = (await store.listTemplates()).find((t) => t.id === templateId);
      await checkPlanQuota(store, template?.materialIds);
      const editor = editorOf(principal);
      return {
        plan: unwrap(await store.applyTemplate(session.id, templateId, expectedVersion, editor)),
      };
    },
    sessionMaterials: async ({ principal, params }) => {
      const plan = unwrap(await store.getPlan((await sessionOf(principal, params.id)).id));
      const materials = await store.listMaterials();
      return { materials: materials.filter((material) => plan.materialIds.includes(material.id)) };
    },
    // A lesson's material, for everyone in that lesson: only what its plan references.
    sessionMaterialContent: async ({ principal, params: { id, materialId } }) => {
      const plan = unwrap(await store.getPlan((await sessionOf(principal, id)).id));
      if (!plan.materialIds.includes(materialId))
        throw failure('not_found', `material ${materialId} not found`);
      return materialAnswer(
        found(await store.getMaterialContent(materialId), `material ${materialId}`),
      );
    },
    listMaterials: async () => ({ materials: await store.listMaterials() }),
    uploadMaterial: async ({ principal, body: fields, upload: { file } }) => {
      if (!file) throw failure('invalid_request', 'send the file as multipart field "file"');
      parseInput(NewMaterialSchema, { ...fields, mimeType: file.mimetype }, 'file type');
      const mimeType = await checkUpload(store, file, principal.userId);
      const meta = { ...fields, mimeType };
      return { material: unwrap(await store.addMaterial(meta, file.buffer, principal.userId)) };
    },
    materialContent: async ({ params: { id } }) =>
      materialAnswer(found(await store.getMaterialContent(id), `material ${id}`)),
    listTemplates: async () => ({ templates: await store.listTemplates() }),
    createTemplate: async ({ principal, body: input }) => {
      await visibleSession(store, principal, input.fromSessionId);
      return { template: unwrap(await store.createTemplate(input, principal.userId)) };
    },
  };
}
