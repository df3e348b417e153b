import { z } from 'zod';
import {
  HolidayImportApplySchema,
  HolidayImportPreviewRequestSchema,
  HolidayImportPreviewSchema,
  HolidayImportResultSchema,
} from '../domain/holiday-import';
import {
  InspectionGradesEditSchema,
  InspectionNoteInputSchema,
  InspectionSchema,
  NewInspectionSchema,
} from '../domain/inspection';
import {
  HolidayPeriodSchema,
  InspectorSchema,
  PublicHolidaySchema,
  SchoolClassSchema,
  SchoolSchema,
  TermSchema,
  TutorSchema,
} from '../domain/model';
import { AttendanceSummaryRowSchema, QualitySummaryRowSchema } from '../domain/reports';
import { defineRoute } from './define';
import {
  ClassQuerySchema,
  FeedIdParamsSchema,
  FeedKindSchema,
  FeedRequestSchema,
  FeedTokenParamsSchema,
  HolidayQuerySchema,
  IdParamsSchema,
  ImportQuerySchema,
  InspectionExportQuerySchema,
  InspectionListQuerySchema,
  ReportKindParamsSchema,
  ReportQuerySchema,
  SchoolYearInputSchema,
  XlsxQuerySchema,
} from './planning-schemas';

/** A holiday calendar file: the Ministry's national feed is ~60 kB. */
export const HOLIDAY_FILE_MAX_BYTES = 1024 * 1024;

const SchoolYearViewSchema = z.object({
  id: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  terms: z.array(TermSchema),
});
const HolidayPeriodViewSchema = HolidayPeriodSchema.extend({
  source: z.string(),
  /** Not yet published by the Ministry (shipped from a draft): re-import when it is. */
  provisional: z.boolean(),
});
const HolidayImportReportSchema = HolidayImportResultSchema;
export const FeedViewSchema = z.object({
  feedId: z.string(),
  kind: FeedKindSchema,
  id: z.string(),
  url: z.string(),
  /** Feed URLs stop working at this instant (README, "Credentials"). */
  expiresAt: z.string(),
});

const read = { capabilities: ['directory.read'] } as const;
const write = { capabilities: ['directory.write'] } as const;
const importer = { capabilities: ['holiday.import'] } as const;
const feeds = { capabilities: ['feed.subscribe'] } as const;
const readInspections = { capabilities: ['inspection.read'] } as const;
const writeInspections = { capabilities: ['inspection.write'] } as const;
const reports = { capabilities: ['report.read'] } as const;
const inspectionAnswer = { json: z.object({ inspection: InspectionSchema }) } as const;

/** Schools, classes, people, school years, holidays and feeds. */
export const DIRECTORY_ROUTES = {
  listSchools: defineRoute({
    method: 'GET',
    path: '/schools',
    summary: 'Every school',
    response: { json: z.object({ schools: z.array(SchoolSchema) }) },
    access: read,
  }),
  getSchool: defineRoute({
    method: 'GET',
    path: '/schools/:id',
    summary: 'One school',
    params: IdParamsSchema,
    response: { json: z.object({ school: SchoolSchema }) },
    access: read,
  }),
  createSchool: defineRoute({
    method: 'POST',
    path: '/schools',
    summary: 'Add a school',
    body: SchoolSchema,
    status: 201,
    response: { json: z.object({ school: SchoolSchema }) },
    access: write,
  }),
  listClasses: defineRoute({
    method: 'GET',
    path: '/classes',
    summary: 'Classes (a teacher sees her own)',
    query: ClassQuerySchema,
    response: { json: z.object({ classes: z.array(SchoolClassSchema) }) },
    access: read,
  }),
  getClass: defineRoute({
    method: 'GET',
    path: '/classes/:id',
    summary: 'One class',
    params: IdParamsSchema,
    response: { json: z.object({ class: SchoolClassSchema }) },
    access: read,
  }),
  createClass: defineRoute({
    method: 'POST',
    path: '/classes',
    summary: 'Add a class',
    body: SchoolClassSchema,
    status: 201,
    response: { json: z.object({ class: SchoolClassSchema }) },
    access: write,
  }),
  listTutors: defineRoute({
    method: 'GET',
    path: '/tutors',
    summary: 'Every tutor',
    response: { json: z.object({ tutors: z.array(TutorSchema) }) },
    access: read,
  }),
  createTutor: defineRoute({
    method: 'POST',
    path: '/tutors',
    summary: 'Add a tutor',
    body: TutorSchema,
    status: 201,
    response: { json: z.object({ tutor: TutorSchema }) },
    access: write,
  }),
  listInspectors: defineRoute({
    method: 'GET',
    path: '/inspectors',
    summary: 'Every inspector',
    response: { json: z.object({ inspectors: z.array(InspectorSchema) }) },
    access: read,
  }),
  createInspector: defineRoute({
    method: 'POST',
    path: '/inspectors',
    summary: 'Add an inspector',
    body: InspectorSchema,
    status: 201,
    response: { json: z.object({ inspector: InspectorSchema }) },
    access: write,
  }),
  listSchoolYears: defineRoute({
    method: 'GET',
    path: '/school-years',
    summary: 'School years and their terms',
    response: { json: z.object({ schoolYears: z.array(SchoolYearViewSchema) }) },
    access: read,
  }),
  createSchoolYear: defineRoute({
    method: 'POST',
    path: '/school-years',
    summary: 'Add a school year with its terms',
    body: SchoolYearInputSchema,
    status: 201,
    response: { json: z.object({ schoolYear: SchoolYearViewSchema }) },
    access: write,
  }),
  listHolidays: defineRoute({
    method: 'GET',
    path: '/holidays',
    summary: 'School holiday periods and public holidays',
    query: HolidayQuerySchema,
    response: {
      json: z.object({
        periods: z.array(HolidayPeriodViewSchema),
        publicHolidays: z.array(PublicHolidaySchema),
      }),
    },
    access: read,
  }),
  importHolidays: defineRoute({
    method: 'POST',
    path: '/holidays/import',
    summary: 'Import a holiday calendar without review (text/calendar or multipart "file")',
    query: ImportQuerySchema,
    upload: { maxBytes: HOLIDAY_FILE_MAX_BYTES, rawText: ['text/calendar', 'text/plain'] },
    status: 201,
    response: { json: z.object({ import: HolidayImportReportSchema }) },
    access: importer,
  }),
  previewHolidayImport: defineRoute({
    method: 'POST',
    path: '/holidays/import/preview',
    summary: 'What importing a holiday calendar would change; nothing is written',
    body: HolidayImportPreviewRequestSchema,
    response: { json: z.object({ preview: HolidayImportPreviewSchema }) },
    access: importer,
  }),
  applyHolidayImport: defineRoute({
    method: 'POST',
    path: '/holidays/import/apply',
    summary: 'Apply a previewed holiday import (409 if it changed since)',
    body: HolidayImportApplySchema,
    response: { json: z.object({ import: HolidayImportResultSchema }) },
    access: importer,
  }),
  listFeeds: defineRoute({
    method: 'GET',
    path: '/feeds',
    summary: 'Your calendar feeds',
    response: {
      json: z.object({ feeds: z.array(FeedViewSchema.extend({ createdAt: z.string() })) }),
    },
    access: feeds,
  }),
  createFeed: defineRoute({
    method: 'POST',
    path: '/feeds',
    summary: 'A calendar feed URL (its token expires, see expiresAt)',
    body: FeedRequestSchema,
    status: 201,
    response: { json: FeedViewSchema },
    access: feeds,
  }),
  revokeFeed: defineRoute({
    method: 'DELETE',
    path: '/feeds/:id',
    summary: 'Revoke one of your feeds',
    params: FeedIdParamsSchema,
    response: { json: z.object({ revoked: z.string() }) },
    access: feeds,
  }),
  getFeed: defineRoute({
    method: 'GET',
    path: '/feeds/:token.ics',
    summary: 'An iCalendar feed, by its token (404 when unknown, revoked or expired)',
    params: FeedTokenParamsSchema,
    response: { files: ['ics'] },
    access: { pathToken: 'token' },
  }),
} as const;

/** Inspections (written by inspectors only) and the attendance/quality reports. */
export const INSPECTION_ROUTES = {
  listInspections: defineRoute({
    method: 'GET',
    path: '/inspections',
    summary: 'Inspections, by lesson or inspector',
    query: InspectionListQuerySchema,
    response: { json: z.object({ inspections: z.array(InspectionSchema) }) },
    access: { ...readInspections, lesson: 'session-query' },
  }),
  createInspection: defineRoute({
    method: 'POST',
    path: '/inspections',
    summary: 'Open an inspection of a lesson',
    body: NewInspectionSchema,
    status: 201,
    response: inspectionAnswer,
    access: { ...writeInspections, lesson: 'session-body' },
  }),
  getInspection: defineRoute({
    method: 'GET',
    path: '/inspections/:id',
    summary: 'One inspection',
    params: IdParamsSchema,
    response: inspectionAnswer,
    access: { ...readInspections, lesson: 'inspection-param' },
  }),
  gradeInspection: defineRoute({
    method: 'PATCH',
    path: '/inspections/:id',
    summary: 'Grade the criteria (the inspector who observed)',
    params: IdParamsSchema,
    body: InspectionGradesEditSchema,
    response: inspectionAnswer,
    access: writeInspections,
  }),
  addInspectionNote: defineRoute({
    method: 'POST',
    path: '/inspections/:id/notes',
    summary: 'Add an observation note',
    params: IdParamsSchema,
    body: InspectionNoteInputSchema,
    status: 201,
    response: inspectionAnswer,
    access: { ...writeInspections, lesson: 'inspection-param' },
  }),
  signOffInspection: defineRoute({
    method: 'POST',
    path: '/inspections/:id/sign-off',
    summary: 'Sign the inspection off',
    params: IdParamsSchema,
    response: inspectionAnswer,
    access: writeInspections,
  }),
  exportInspection: defineRoute({
    method: 'GET',
    path: '/inspections/:id/export',
    summary: 'One inspection as a JSON, CSV or Markdown file',
    params: IdParamsSchema,
    query: InspectionExportQuerySchema,
    response: { files: ['json', 'csv', 'markdown'] },
    access: readInspections,
  }),
  report: defineRoute({
    method: 'GET',
    path: '/reports/:kind',
    summary: 'Attendance or quality per school over a term (JSON, or CSV with format=csv)',
    params: ReportKindParamsSchema,
    query: ReportQuerySchema,
    response: {
      json: z.object({
        rows: z.union([z.array(AttendanceSummaryRowSchema), z.array(QualitySummaryRowSchema)]),
      }),
      files: ['csv'],
    },
    access: reports,
  }),
  reportXlsx: defineRoute({
    method: 'GET',
    path: '/reports/:kind/export.xlsx',
    summary: 'The same report as an Excel workbook',
    params: ReportKindParamsSchema,
    query: XlsxQuerySchema,
    response: { files: ['xlsx'] },
    access: reports,
  }),
} as const;
