// The only public surface of lesson-plans/: named exports, no `export *`.
export { openPlanningStore } from './store/open';
export type { PlanningStore, PlanningStoreOptions } from './store/open';
export type { ClassroomSession, MoveRequest } from './store/schedule-store';
export type { SessionFilter } from './store/session-rows';
export type { SlotPlan } from './store/slot-planner';
export type { HolidayImportReport } from './store/holiday-store';
export type { FeedKind } from './store/report-store';
export { reportToCsv, toCsv } from './store/csv';
export type { CsvCell, CsvLocale } from './store/csv';
export {
  HolidayImportApplySchema,
  HolidayImportPreviewSchema,
  HolidayImportPreviewRequestSchema,
  HolidayImportResultSchema,
} from './domain/holiday-import';
export type { HolidayImportPreview, ImportedLesson } from './domain/holiday-import';

export { createPlanningRouter, planningHandlers } from './api/router';
export { restOpenApi } from './api/openapi';
export { FileAnswer, checkMountable, mountApi } from './api/adapter';
export type { Handler, HandlerInput, HandlerOutput, Handlers, MountOptions } from './api/adapter';
export { failure } from './api/http';
export { can } from './api/access';
export { CLASSROOM_API, CREDENTIALS_API, ENT_API, PLANNING_API, REST_APIS } from './contract/apis';
export { EntApprovalSchema, EntRequestSchema } from './contract/ent';
export type { EntApproval, EntRequest } from './contract/ent';
export { createEntRouter, directoryPersonName } from './api/ent-handlers';
export { ENT_REQUEST_RETENTION_DAYS } from './store/ent-store';
export { BOARD_SNAPSHOT_RETENTION_HOURS, MAX_BOARD_SNAPSHOT_BYTES } from './store/board-store';
export type { BoardSnapshot } from './store/board-store';
export type { ApiSpec, BearerAccess, RouteSpec } from './contract/define';
export type { ClassroomLesson } from './contract/classroom';
export { JoinLinkRequestSchema, JoinLinkSchema } from './api/router-types';
export type {
  JoinLink,
  JoinLinkRequest,
  JoinLinkSession,
  PlanningRouterDeps,
} from './api/router-types';
export { buildFeedFor } from './api/feed-handlers';

export { seedDemoData } from './seed/demo';
export type { DemoSeedOptions, DemoSeedSummary } from './seed/demo';

export {
  HolidayCalendar,
  loadHolidayCalendar,
  loadPublicHolidays,
  loadShippedHolidayData,
} from './calendar/holidays';
export type {
  DayOff,
  HolidayCalendarOptions,
  HolidayPlace,
  ShippedHolidayData,
} from './calendar/holidays';
export { expandSlot, inZone, parisWallClockToInstant } from './calendar/recurrence';
export type { SlotOccurrence, ZonedTime } from './calendar/recurrence';
export {
  DEFAULT_PLANNING_RULES,
  PlanningRulesSchema,
  findBookingConflicts,
  schoolHoursConflict,
} from './calendar/conflicts';
export type { BookedInterval, Conflict, ConflictCode, PlanningRules } from './calendar/conflicts';
export { buildLessonFeed } from './calendar/ical-feed';

export {
  DEFAULT_TUTOR_TIME_ZONE,
  HolidayPeriodSchema,
  HolidayZoneSchema,
  InspectorSchema,
  LessonSessionSchema,
  LocalRegionSchema,
  NewWeeklySlotSchema,
  PLANNING_TIME_ZONE,
  CredentialScopeSchema,
  PrincipalSchema,
  PublicHolidaySchema,
  SchoolClassSchema,
  SchoolSchema,
  SchoolYearSchema,
  SessionStateSchema,
  TermSchema,
  TutorSchema,
  WeeklySlotSchema,
} from './domain/model';
export type {
  HolidayPeriod,
  HolidayZone,
  Inspector,
  LessonSession,
  NewWeeklySlot,
  CredentialScope,
  Principal,
  PublicHoliday,
  Role,
  School,
  SchoolClass,
  SchoolYear,
  SessionState,
  Term,
  Tutor,
  WeeklySlot,
} from './domain/model';
export {
  ActivitySchema,
  MATERIAL_MAX_BYTES,
  MATERIAL_MIME_TYPES,
  PlanContentSchema,
  PlanEditSchema,
} from './domain/lesson-plan';
export type {
  Activity,
  LessonPlan,
  Material,
  PlanContent,
  PlanEdit,
  PlanHistoryEntry,
  PlanTemplate,
} from './domain/lesson-plan';
export {
  CriteriaGradesSchema,
  CriterionLevelSchema,
  INSPECTION_CRITERIA,
} from './domain/inspection';
export type { CriteriaGrades, Inspection, InspectionNote } from './domain/inspection';
export {
  AttendanceRecordSchema,
  ParticipantRoleSchema,
  QualitySampleSchema,
} from './domain/reports';
export type {
  AttendanceRecord,
  AttendanceSummaryRow,
  ParticipantRole,
  QualitySample,
  QualitySummaryRow,
} from './domain/reports';
export type { PlanningError, PlanningErrorCode, Result } from './domain/result';

export {
  buildRecapContent,
  createFamilyRouter,
  hashedFeedPath,
  issueFamilyLink,
  publishPlanRecap,
} from './recap';
export type { FamilyRouterOptions, RecapPublisher } from './recap';
export { FAMILY_API, FamilyRecapsSchema, FamilyLinkSchema } from './contract/recap';
export {
  PUPIL_DOOR_OPENS_BEFORE_MS,
  PUPIL_LINK_GRACE_MS,
  createPupilRouter,
  pupilLinkRefusal,
} from './pupils';
export type { PupilRouterOptions, PupilTokenMinter } from './pupils';
export {
  CreatePupilLinkSchema,
  IssuedPupilLinkSchema,
  PUPIL_API,
  PupilLinkSchema,
  PupilNameSchema,
  PupilSessionSchema,
} from './contract/pupil';
export type { PupilLink, PupilSession } from './contract/pupil';
export type { FamilyLink, FamilyRecaps, PublishedRecap, RecapContent } from './contract/recap';
