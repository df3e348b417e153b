import type { Inspection } from '../domain/inspection';
import type { Principal } from '../domain/model';
import { inspectionToCsv, inspectionToMarkdown } from '../store/inspection-store';
import type { PlanningStore } from '../store/open';
import { reportToXlsx } from '../store/xlsx';
import { visibleSession } from './access';
import { FileAnswer } from './adapter';
import { failure, found, unwrap } from './http';
import type { PlanningHandlers } from './planning-handlers';
import { ATTENDANCE_COLUMNS, QUALITY_COLUMNS, attendanceCsv, qualityCsv } from './report-csv';

type InspectionHandlers = Pick<
  PlanningHandlers,
  | 'listInspections'
  | 'createInspection'
  | 'getInspection'
  | 'gradeInspection'
  | 'addInspectionNote'
  | 'signOffInspection'
  | 'exportInspection'
  | 'report'
  | 'reportXlsx'
>;

/** Inspections (written by inspectors only) and the attendance/quality reports. */
export function inspectionHandlers(store: PlanningStore): InspectionHandlers {
  const own = async (principal: Principal, id: string): Promise<Inspection> => {
    const inspection = found(await store.getInspection(id), `inspection ${id}`);
    if (inspection.inspectorId !== principal.userId)
      throw failure('forbidden', 'only the inspector who observed may edit this inspection');
    return inspection;
  };
  return {
    listInspections: async ({ query }) => ({ inspections: await store.listInspections(query) }),
    createInspection: async ({ principal, body: { sessionId } }) => {
      await visibleSession(store, principal, sessionId);
      return { inspection: unwrap(await store.createInspection(sessionId, principal.userId)) };
    },
    getInspection: async ({ params: { id } }) => ({
      inspection: found(await store.getInspection(id), `inspection ${id}`),
    }),
    gradeInspection: async ({ principal, params, body: { grades } }) => {
      const inspection = await own(principal, params.id);
      return { inspection: unwrap(await store.gradeInspection(inspection.id, grades)) };
    },
    addInspectionNote: async ({ principal, params, body: note }) => {
      const inspection = await own(principal, params.id);
      return {
        inspection: unwrap(await store.addInspectionNote(inspection.id, note.text, note.at)),
      };
    },
    signOffInspection: async ({ principal, params }) => {
      const inspection = await own(principal, params.id);
      return { inspection: unwrap(await store.signOffInspection(inspection.id)) };
    },
    exportInspection: async ({ params: { id }, query: { format, locale } }) => {
      const inspection = found(await store.getInspection(id), `inspection ${id}`);
      const attachment = `${id}.${format}`;
      if (format === 'json')
        return new FileAnswer('json', JSON.stringify({ inspection }), { attachment });
      if (format === 'csv')
        return new FileAnswer('csv', inspectionToCsv(inspection, locale), { attachment });
      return new FileAnswer('markdown', inspectionToMarkdown(inspection), { attachment });
    },
    report: async ({ params: { kind }, query: { termId, format, locale } }) => {
      const attachment = `${kind}-${termId}.csv`;
      if (kind === 'attendance') {
        const rows = unwrap(await store.attendanceSummary(termId));
        if (format === 'json') return { rows };
        return new FileAnswer('csv', attendanceCsv(rows, locale), { attachment });
      }
      const rows = unwrap(await store.qualitySummary(termId));
      if (format === 'json') return { rows };
      return new FileAnswer('csv', qualityCsv(rows, locale), { attachment });
    },
    // The same rows (and chart data) as the JSON report.
    reportXlsx: async ({ params: { kind }, query: { termId } }) => {
      const body =
        kind === 'attendance'
          ? await reportToXlsx(
              unwrap(await store.attendanceSummary(termId)),
              ATTENDANCE_COLUMNS,
              kind,
            )
          : await reportToXlsx(unwrap(await store.qualitySummary(termId)), QUALITY_COLUMNS, kind);
      return new FileAnswer('xlsx', body, { attachment: `${kind}-${termId}.xlsx` });
    },
  };
}
