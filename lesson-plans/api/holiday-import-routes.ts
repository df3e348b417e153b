import express from 'express';
import { loadHolidayCalendar } from '../calendar/holidays';
import {
  HolidayImportApplySchema,
  HolidayImportPreviewRequestSchema,
} from '../domain/holiday-import';
import type { PlanningStore } from '../store/open';
import { requireCapability } from './access';
import { json, parseInput, principalOf, unwrap } from './http';

/**
 * A holiday calendar is imported as a reviewed change: the preview lists the lessons it
 * cancels and restores and the conflicts a restore creates, and the apply carries the
 * preview's digest, so what is applied is what was reviewed (else 409, preview again).
 */
export function holidayImportRoutes(store: PlanningStore): express.Router {
  const router = express.Router();
  const canImport = (res: express.Response) =>
    requireCapability(principalOf(res), 'holiday.import');
  router.post(
    '/holidays/import/preview',
    json(async (req, res) => {
      canImport(res);
      const { ics, zone } = parseInput(HolidayImportPreviewRequestSchema, req.body, 'preview');
      const periods = unwrap(loadHolidayCalendar(ics, { zone }));
      return { preview: unwrap(await store.previewHolidayImport(periods)) };
    }),
  );
  router.post(
    '/holidays/import/apply',
    json(async (req, res) => {
      canImport(res);
      const { ics, zone, digest, source } = parseInput(HolidayImportApplySchema, req.body, 'apply');
      const periods = unwrap(loadHolidayCalendar(ics, { zone }));
      return { import: unwrap(await store.applyHolidayImport(periods, source, { digest })) };
    }),
  );
  return router;
}
