import { z } from 'zod';
import { HolidayZoneSchema, IdSchema, InstantSchema } from './model';

/**
 * Bodies and answers of the holiday import preview/apply endpoints. zod only (no luxon), so
 * the web client and the REST contract can import them as they are.
 */

/** The planning router's JSON limit (256 kB) bounds it too; the national feed is ~60 kB. */
const IcsTextSchema = z.string().min(1).max(250_000);

export const HolidayImportPreviewRequestSchema = z
  .object({ ics: IcsTextSchema, zone: HolidayZoneSchema.optional() })
  .strict();
export type HolidayImportPreviewRequest = z.infer<typeof HolidayImportPreviewRequestSchema>;

export const HolidayImportApplySchema = z
  .object({
    /** The iCalendar text that was previewed. */
    ics: IcsTextSchema,
    zone: HolidayZoneSchema.optional(),
    /** The preview's digest: the change is applied only if it is still the one reviewed. */
    digest: z.string().regex(/^[0-9a-f]{64}$/),
    /** Shown in GET /holidays as the periods' source. */
    source: z.string().trim().min(1).max(200).default('import'),
  })
  .strict();
export type HolidayImportApply = z.infer<typeof HolidayImportApplySchema>;

export const ImportedLessonSchema = z.object({
  sessionId: IdSchema,
  slotId: IdSchema,
  tutorId: IdSchema,
  classIds: z.array(IdSchema),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  /** The day off that cancels it (cancellations only). */
  dayOffName: z.string().optional(),
});
export type ImportedLesson = z.infer<typeof ImportedLessonSchema>;

export const ImportConflictSchema = z.object({
  code: z.string(),
  message: z.string(),
  startsAt: InstantSchema,
  sessionId: z.string().optional(),
  conflictingSessionId: z.string().optional(),
});

export const HolidayImportPreviewSchema = z.object({
  zones: z.array(HolidayZoneSchema),
  periods: z.array(
    z.object({
      zone: HolidayZoneSchema,
      name: z.string(),
      startDate: z.iso.date(),
      endDate: z.iso.date(),
    }),
  ),
  from: z.iso.date(),
  until: z.iso.date(),
  toCancel: z.array(ImportedLessonSchema),
  toRestore: z.array(ImportedLessonSchema),
  /** Conflicts the restored lessons would create with lessons already booked. */
  conflicts: z.array(ImportConflictSchema),
  digest: z.string(),
});
export type HolidayImportPreview = z.infer<typeof HolidayImportPreviewSchema>;

export const HolidayImportResultSchema = HolidayImportPreviewSchema.extend({
  periodCount: z.number().int(),
  cancelledSessionIds: z.array(IdSchema),
  restoredSessionIds: z.array(IdSchema),
});
export type HolidayImportResult = z.infer<typeof HolidayImportResultSchema>;
