import { z } from 'zod';
import {
  HolidayZoneSchema,
  IdSchema,
  InstantSchema,
  LocalDateSchema,
  LocalTimeSchema,
  NewWeeklySlotSchema,
  SchoolYearSchema,
  TermSchema,
  TimeZoneSchema,
} from '../domain/model';

/**
 * The request schemas of /api/planning that belong to no domain record: path parameters,
 * queries and small bodies. zod only; the handlers receive what these parse.
 */
export const IdParamsSchema = z.object({ id: IdSchema });
export const SessionMaterialParamsSchema = z.object({ id: IdSchema, materialId: IdSchema });
export const ReportKindParamsSchema = z.object({ kind: z.enum(['attendance', 'quality']) });
export const FeedIdParamsSchema = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) });
export const FeedTokenParamsSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/),
});

export const SchoolYearInputSchema = z
  .object({ year: SchoolYearSchema, terms: z.array(TermSchema).min(1).max(6) })
  .strict();
export const ClassQuerySchema = z.object({ schoolId: IdSchema.optional() });
export const HolidayQuerySchema = z.object({
  zone: HolidayZoneSchema.optional(),
  from: LocalDateSchema.optional(),
  to: LocalDateSchema.optional(),
});
export const ImportQuerySchema = z.object({ zone: HolidayZoneSchema.optional() });

export const FeedKindSchema = z.enum(['tutor', 'class', 'school', 'inspector']);
export const FeedRequestSchema = z.object({ kind: FeedKindSchema, id: IdSchema }).strict();

export const InspectionListQuerySchema = z.object({
  sessionId: IdSchema.optional(),
  inspectorId: IdSchema.optional(),
});
/** CSV separators follow the reader's spreadsheet: French Excel by default (';' and '12,5'). */
const CsvLocaleSchema = z.enum(['fr', 'en']).default('fr');
export const InspectionExportQuerySchema = z.object({
  format: z.enum(['json', 'csv', 'md']).default('json'),
  locale: CsvLocaleSchema,
});
export const ReportQuerySchema = z.object({
  termId: IdSchema,
  format: z.enum(['json', 'csv']).default('json'),
  locale: CsvLocaleSchema,
});
export const XlsxQuerySchema = z.object({ termId: IdSchema });

export const ApplyTemplateSchema = z
  .object({ templateId: IdSchema, expectedVersion: z.number().int().min(0) })
  .strict();

export const SessionQuerySchema = z.object({
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  tutorId: IdSchema.optional(),
  classId: IdSchema.optional(),
  schoolId: IdSchema.optional(),
  includeCancelled: z.enum(['true', 'false']).optional(),
  tz: TimeZoneSchema.optional(),
});
export type SessionQuery = z.infer<typeof SessionQuerySchema>;
export const TzQuerySchema = z.object({ tz: TimeZoneSchema.optional() });
export const MoveSchema = z.object({ date: LocalDateSchema, startTime: LocalTimeSchema }).strict();
/** `scheduled` only undoes a live/done marked by mistake, which only the coordinator may. */
export const StateSchema = z
  .object({ state: z.enum(['scheduled', 'live', 'done', 'cancelled']) })
  .strict();
export const SlotQuerySchema = z.object({
  termId: IdSchema.optional(),
  tutorId: IdSchema.optional(),
});
/** `replacing`: the slot being edited, whose upcoming lessons the new version would cancel. */
export const SlotCheckSchema = NewWeeklySlotSchema.extend({ replacing: IdSchema.optional() });
/** The server picks the replacement's id (see replaceSlot), so the body may not name one. */
export const SlotReplacementSchema = NewWeeklySlotSchema.omit({ id: true }).strict();

export const JoinLinkRequestSchema = z.object({
  role: z.enum(['tutor', 'classroom', 'inspector']),
  name: z.string().min(1),
  /** Who the link is for, in this module's ids (tutor, class or inspector id). */
  subject: z.string().min(1),
});
export type JoinLinkRequest = z.infer<typeof JoinLinkRequestSchema>;
export const JoinLinkSchema = JoinLinkRequestSchema.extend({ url: z.string().url() });
export type JoinLink = z.infer<typeof JoinLinkSchema>;
