import { z } from 'zod';
import { HolidayZoneSchema, IdSchema, InstantSchema } from './model';

/**
 * Bodies and answers of the holiday import preview/apply endpoints. zod only (no luxon), so
 * the web client and the REST contract can import them as they are.
 */
export const HolidayImportQuerySchema = z.object({
  /** For a one-zone feed that names no zone; the national feed names its zones itself. */
  zone: HolidayZoneSchema.optional(),
});

export const HolidayImportApplySchema = z
  .object({
    /** The iCalendar text that was previewed. */
    ics: z.string().min(1).max(2_000_000),
    zone: HolidayZoneSchema.optional(),
    /** The preview's digest: the change is applied only if it is still the one reviewed. */
    digest: z.string().regex(/^[0-9a-f]{64}$/),
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
  applied: z.literal(true),
});
export type HolidayImportResult = z.infer<typeof HolidayImportResultSchema>;
