import express from 'express';
import { z } from 'zod';
import {
  InspectionGradesEditSchema,
  InspectionNoteInputSchema,
  NewInspectionSchema,
} from '../domain/inspection';
import { IdSchema } from '../domain/model';
import type { PlanningStore } from '../store/open';
import { inspectionToCsv, inspectionToMarkdown } from '../store/inspection-store';
import { attendanceCsv, qualityCsv } from './report-csv';
import { requireCapability, visibleSession } from './access';
import { failure, found, json, parseInput, principalOf, unwrap } from './http';

const IdParamSchema = z.object({ id: IdSchema });
export const ListQuerySchema = z.object({
  sessionId: IdSchema.optional(),
  inspectorId: IdSchema.optional(),
});
/** CSV separators follow the reader's spreadsheet: French Excel by default (';' and '12,5'). */
const CsvLocaleSchema = z.enum(['fr', 'en']).default('fr');
export const ExportQuerySchema = z.object({
  format: z.enum(['json', 'csv', 'md']).default('json'),
  locale: CsvLocaleSchema,
});
export const ReportQuerySchema = z.object({
  termId: IdSchema,
  format: z.enum(['json', 'csv']).default('json'),
  locale: CsvLocaleSchema,
});

/** Inspections (written by inspectors only) and the attendance/quality reports. */
export function inspectionRoutes(store: PlanningStore): express.Router {
  const router = express.Router();
  const can = (res: express.Response, capability: Parameters<typeof requireCapability>[1]) =>
    requireCapability(principalOf(res), capability);
  const own = async (req: express.Request, res: express.Response) => {
    can(res, 'inspection.write');
    const { id } = parseInput(IdParamSchema, req.params, 'inspection id');
    const inspection = found(await store.getInspection(id), `inspection ${id}`);
    if (inspection.inspectorId !== principalOf(res).userId)
      throw failure('forbidden', 'only the inspector who observed may edit this inspection');
    return inspection;
  };

  router.get(
    '/inspections',
    json(async (req, res) => {
      can(res, 'inspection.read');
      return {
        inspections: await store.listInspections(parseInput(ListQuerySchema, req.query, 'query')),
      };
    }),
  );
  router.post(
    '/inspections',
    json(async (req, res) => {
      can(res, 'inspection.write');
      const { sessionId } = parseInput(NewInspectionSchema, req.body, 'inspection');
      await visibleSession(store, principalOf(res), sessionId);
      return {
        inspection: unwrap(await store.createInspection(sessionId, principalOf(res).userId)),
      };
    }, 201),
  );
  router.get(
    '/inspections/:id',
    json(async (req, res) => {
      can(res, 'inspection.read');
      const { id } = parseInput(IdParamSchema, req.params, 'inspection id');
      return { inspection: found(await store.getInspection(id), `inspection ${id}`) };
    }),
  );
  router.patch(
    '/inspections/:id',
    json(async (req, res) => {
      const inspection = await own(req, res);
      const { grades } = parseInput(InspectionGradesEditSchema, req.body, 'grades');
      return { inspection: unwrap(await store.gradeInspection(inspection.id, grades)) };
    }),
  );
  router.post(
    '/inspections/:id/notes',
    json(async (req, res) => {
      const inspection = await own(req, res);
      const note = parseInput(InspectionNoteInputSchema, req.body, 'note');
      return {
        inspection: unwrap(await store.addInspectionNote(inspection.id, note.text, note.at)),
      };
    }, 201),
  );
  router.post(
    '/inspections/:id/sign-off',
    json(async (req, res) => {
      const inspection = await own(req, res);
      return { inspection: unwrap(await store.signOffInspection(inspection.id)) };
    }),
  );
  router.get('/inspections/:id/export', async (req, res) => {
    can(res, 'inspection.read');
    const { id } = parseInput(IdParamSchema, req.params, 'inspection id');
    const { format, locale } = parseInput(ExportQuerySchema, req.query, 'query');
    const inspection = found(await store.getInspection(id), `inspection ${id}`);
    if (format === 'json') return void res.attachment(`${id}.json`).json({ inspection });
    const body =
      format === 'csv' ? inspectionToCsv(inspection, locale) : inspectionToMarkdown(inspection);
    res
      .type(format === 'csv' ? 'text/csv' : 'text/markdown')
      .attachment(`${id}.${format}`)
      .send(body);
  });

  router.get('/reports/:kind', async (req, res) => {
    can(res, 'report.read');
    const { kind } = parseInput(
      z.object({ kind: z.enum(['attendance', 'quality']) }),
      req.params,
      'report',
    );
    const { termId, format, locale } = parseInput(ReportQuerySchema, req.query, 'query');
    if (kind === 'attendance') {
      const rows = unwrap(await store.attendanceSummary(termId));
      if (format === 'json') return void res.json({ rows });
      return void res
        .type('text/csv')
        .attachment(`attendance-${termId}.csv`)
        .send(attendanceCsv(rows, locale));
    }
    const rows = unwrap(await store.qualitySummary(termId));
    if (format === 'json') return void res.json({ rows });
    res.type('text/csv').attachment(`quality-${termId}.csv`).send(qualityCsv(rows, locale));
  });
  return router;
}
