import express from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { EditorRef, Material } from '../domain/lesson-plan';
import {
  MATERIAL_MAX_BYTES,
  NewMaterialSchema,
  NewPlanTemplateSchema,
  PlanEditSchema,
} from '../domain/lesson-plan';
import type { Principal } from '../domain/model';
import { IdSchema } from '../domain/model';
import type { PlanningStore } from '../store/open';
import { requireCapability, visibleSession } from './access';
import { sniffMaterialType } from './material-bytes';
import { failure, found, json, parseInput, principalOf, unwrap } from './http';

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MATERIAL_MAX_BYTES, files: 1, fields: 5 },
});
const IdParamSchema = z.object({ id: IdSchema });
export const ApplyTemplateSchema = z
  .object({ templateId: IdSchema, expectedVersion: z.number().int().min(0) })
  .strict();
export const MaterialFieldsSchema = NewMaterialSchema.omit({ mimeType: true });
const SessionMaterialParamSchema = z.object({ id: IdSchema, materialId: IdSchema });
/** What one person may store in total; a school's year of flashcards and songs fits easily. */
export const UPLOADER_QUOTA_BYTES = 100 * 1024 * 1024;

/**
 * Material bytes, with headers that keep them inert: the sniffed type, nosniff, and
 * pictures/audio inline while anything else (PDF) downloads as an attachment.
 */
function sendMaterial(
  res: express.Response,
  found: { material: Material; content: Uint8Array },
): void {
  const { material, content } = found;
  const inline = material.mimeType.startsWith('image/') || material.mimeType.startsWith('audio/');
  res
    .type(material.mimeType)
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('Content-Security-Policy', "default-src 'none'; sandbox")
    .setHeader('Cache-Control', 'private, no-store');
  if (!inline) res.attachment(`${material.id}`);
  res.send(Buffer.from(content));
}

async function checkUpload(store: PlanningStore, file: Express.Multer.File, userId: string) {
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

function editorOf(principal: Principal): EditorRef {
  return { userId: principal.userId, role: principal.role, name: principal.name };
}

/** Lesson plans, their history, materials and templates. */
export function planRoutes(store: PlanningStore): express.Router {
  const router = express.Router();
  const sessionFor = async (req: express.Request, res: express.Response) =>
    visibleSession(store, principalOf(res), parseInput(IdParamSchema, req.params, 'session id').id);
  const can = (res: express.Response, capability: Parameters<typeof requireCapability>[1]) =>
    requireCapability(principalOf(res), capability);

  router.get(
    '/sessions/:id/plan',
    json(async (req, res) => {
      can(res, 'plan.read');
      return { plan: unwrap(await store.getPlan((await sessionFor(req, res)).id)) };
    }),
  );
  router.put(
    '/sessions/:id/plan',
    json(async (req, res) => {
      can(res, 'plan.write');
      const session = await sessionFor(req, res);
      const edit = parseInput(PlanEditSchema, req.body, 'plan edit');
      return { plan: unwrap(await store.editPlan(session.id, edit, editorOf(principalOf(res)))) };
    }),
  );
  router.get(
    '/sessions/:id/plan/history',
    json(async (req, res) => {
      can(res, 'plan.read');
      return { history: await store.listPlanHistory((await sessionFor(req, res)).id) };
    }),
  );
  router.post(
    '/sessions/:id/plan/apply-template',
    json(async (req, res) => {
      can(res, 'plan.write');
      const session = await sessionFor(req, res);
      const { templateId, expectedVersion } = parseInput(ApplyTemplateSchema, req.body, 'template');
      const editor = editorOf(principalOf(res));
      return {
        plan: unwrap(await store.applyTemplate(session.id, templateId, expectedVersion, editor)),
      };
    }),
  );

  router.get(
    '/materials',
    json(async (_req, res) => {
      can(res, 'plan.read');
      return { materials: await store.listMaterials() };
    }),
  );
  router.post(
    '/materials',
    (_req, res, next) => (can(res, 'plan.write'), next()),
    upload.single('file'),
    json(async (req, res) => {
      if (!req.file) throw failure('invalid_request', 'send the file as multipart field "file"');
      const fields = parseInput(MaterialFieldsSchema, req.body, 'material');
      parseInput(NewMaterialSchema, { ...fields, mimeType: req.file.mimetype }, 'file type');
      const mimeType = await checkUpload(store, req.file, principalOf(res).userId);
      const meta = { ...fields, mimeType };
      return {
        material: unwrap(await store.addMaterial(meta, req.file.buffer, principalOf(res).userId)),
      };
    }, 201),
  );
  router.get('/materials/:id/content', async (req, res) => {
    can(res, 'plan.read');
    const { id } = parseInput(IdParamSchema, req.params, 'material id');
    sendMaterial(res, found(await store.getMaterialContent(id), `material ${id}`));
  });
  router.get(
    '/sessions/:id/materials',
    json(async (req, res) => {
      can(res, 'plan.read');
      const plan = unwrap(await store.getPlan((await sessionFor(req, res)).id));
      const materials = await store.listMaterials();
      return { materials: materials.filter((material) => plan.materialIds.includes(material.id)) };
    }),
  );
  // A lesson's material, for everyone in that lesson: only what its plan references.
  router.get('/sessions/:id/materials/:materialId/content', async (req, res) => {
    can(res, 'plan.read');
    const { id, materialId } = parseInput(SessionMaterialParamSchema, req.params, 'material');
    const session = await visibleSession(store, principalOf(res), id);
    const plan = unwrap(await store.getPlan(session.id));
    if (!plan.materialIds.includes(materialId))
      throw failure('not_found', `material ${materialId} not found`);
    sendMaterial(res, found(await store.getMaterialContent(materialId), `material ${materialId}`));
  });

  router.get(
    '/templates',
    json(async (_req, res) => {
      can(res, 'plan.read');
      return { templates: await store.listTemplates() };
    }),
  );
  router.post(
    '/templates',
    json(async (req, res) => {
      can(res, 'plan.write');
      const input = parseInput(NewPlanTemplateSchema, req.body, 'template');
      await visibleSession(store, principalOf(res), input.fromSessionId);
      return { template: unwrap(await store.createTemplate(input, principalOf(res).userId)) };
    }, 201),
  );
  return router;
}
