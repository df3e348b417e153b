/*
 * The planning screens' view of the contract: its clients, and the types of what the
 * routes answer, derived from the response schemas (never copied by hand).
 */
import type { z } from 'zod';
import { CREDENTIALS_API, PLANNING_API } from '../../../lesson-plans/contract/apis';
import type { RouteResult } from '../../../lesson-plans/contract/define';
import type { PlanningRole } from '../../../lesson-plans/contract/roles';
import type { Material } from '../../../lesson-plans/domain/lesson-plan';
import type { AttendanceSummaryRow, QualitySummaryRow } from '../../../lesson-plans/domain/reports';
import type { Conflict, SessionView } from '../../../lesson-plans/domain/schedule-views';
import type { SlotReplacementSchema } from '../../../lesson-plans/contract/planning-schemas';
import { ApiError, createApiClient, type ApiClient } from './client';

export { ApiError };

type Routes = typeof PLANNING_API.routes;

export type PlanningApi = ApiClient<typeof PLANNING_API>;
export type CredentialsApi = ApiClient<typeof CREDENTIALS_API>;

export function createPlanningApi(token: string): PlanningApi {
  return createApiClient(PLANNING_API, token);
}

export function createCredentialsApi(token: string): CredentialsApi {
  return createApiClient(CREDENTIALS_API, token);
}

export type Role = PlanningRole;
export type LessonSession = SessionView;
export type SchoolYear = RouteResult<Routes['listSchoolYears']>['schoolYears'][number];
export type PublicHoliday = RouteResult<Routes['listHolidays']>['publicHolidays'][number];
/** A slot as the form edits it: the server picks ids. */
export type NewWeeklySlot = z.input<typeof SlotReplacementSchema>;
export type SlotCheck = RouteResult<Routes['checkSlot']>;
export type MaterialKind = Material['kind'];
export type AttendanceRow = AttendanceSummaryRow;
export type QualityRow = QualitySummaryRow;
export type { CriterionLevel, Inspection } from '../../../lesson-plans/domain/inspection';
export type {
  Activity,
  LessonPlan,
  Material,
  PlanContent,
  PlanHistoryEntry,
  PlanTemplate,
} from '../../../lesson-plans/domain/lesson-plan';
export type {
  HolidayPeriod,
  School,
  SchoolClass,
  SessionState,
  Term,
  Tutor,
  WeeklySlot,
} from '../../../lesson-plans/domain/model';
export type { Conflict, ConflictCode } from '../../../lesson-plans/domain/schedule-views';
export type { JoinLink } from '../../../lesson-plans/contract/planning-schemas';

/** The conflicts a 409 carries in `details.conflicts`, if any. */
export function conflictsOf(error: unknown): Conflict[] {
  if (!(error instanceof ApiError)) return [];
  const details = error.details as { conflicts?: Conflict[] } | undefined;
  return details?.conflicts ?? [];
}
