import express from 'express';
import { z } from 'zod';
import { IdSchema } from '../domain/model';
import type { PlanningStore } from '../store/open';
import { reportToXlsx } from '../store/xlsx';
import { requireCapability } from './access';
import { parseInput, principalOf, unwrap } from './http';
import { ATTENDANCE_COLUMNS, QUALITY_COLUMNS } from './report-csv';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XlsxParamsSchema = z.object({ kind: z.enum(['attendance', 'quality']) });
const XlsxQuerySchema = z.object({ termId: IdSchema });

/** GET /reports/:kind/export.xlsx?termId= — the same rows (and chart data) as the JSON report. */
export function reportXlsxRoutes(store: PlanningStore): express.Router {
  const router = express.Router();
  router.get('/reports/:kind/export.xlsx', async (req, res) => {
    requireCapability(principalOf(res), 'report.read');
    const { kind } = parseInput(XlsxParamsSchema, req.params, 'report');
    const { termId } = parseInput(XlsxQuerySchema, req.query, 'query');
    const body =
      kind === 'attendance'
        ? await reportToXlsx(
            unwrap(await store.attendanceSummary(termId)),
            ATTENDANCE_COLUMNS,
            kind,
          )
        : await reportToXlsx(unwrap(await store.qualitySummary(termId)), QUALITY_COLUMNS, kind);
    res.type(XLSX_TYPE).attachment(`${kind}-${termId}.xlsx`).send(body);
  });
  return router;
}
