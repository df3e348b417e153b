/*
 * Holiday import preview/apply (POST /holidays/import/preview|apply). Kept apart from api.ts
 * so the REST contract can absorb it as is; the shapes are zod-only types from
 * lesson-plans/domain/holiday-import.ts, imported as types (erased at build).
 */
import type {
  HolidayImportPreview,
  HolidayImportResult,
} from '../../../lesson-plans/domain/holiday-import';
import type { PlanningApi } from './api';

export type { HolidayImportPreview, HolidayImportResult };

export function holidayImportApi(api: Pick<PlanningApi, 'request'>) {
  const post = async <T>(path: string, body: unknown): Promise<T> =>
    (await api.request(path, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<T>;
  return {
    preview: (ics: string) =>
      post<{ preview: HolidayImportPreview }>('/holidays/import/preview', { ics }),
    apply: (ics: string, digest: string, source: string) =>
      post<{ import: HolidayImportResult }>('/holidays/import/apply', { ics, digest, source }),
  };
}
