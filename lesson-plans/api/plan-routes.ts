import express from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { EditorRef } from '../domain/lesson-plan';
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
import { failure, found, json, parseInput, principalOf, unwrap } from './http';

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MATERIAL_MAX_BYTES, files: 1, fields: 5 },
});
const IdParamSchema = z.object({ id: IdSchema });
const ApplyTemplateSchema = z
  .object({ templateId: IdSchema, expectedVersion: z.number().int().min(0) })
  .strict();
const MaterialFieldsSchema = NewMaterialSchema.omit({ mimeType: true });

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
      const meta = parseInput(
        NewMaterialSchema,
        { ...fields, mimeType: req.file.mimetype },
        'file type',
      );
      return {
        material: unwrap(await store.addMaterial(meta, req.file.buffer, principalOf(res).userId)),
      };
    }, 201),
  );
  router.get('/materials/:id/content', async (req, res) => {
    can(res, 'plan.read');
    const { id } = parseInput(IdParamSchema, req.params, 'material id');
    const { material, content } = found(await store.getMaterialContent(id), `material ${id}`);
    res.type(material.mimeType).setHeader('X-Content-Type-Options', 'nosniff');
    res.send(content);
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
