import { z } from 'zod';
import { IdSchema, InstantSchema, LessonSessionSchema, LocalDateSchema } from './model';

/**
 * What the schedule answers carry besides the stored records: days off, conflicts and
 * wall-clock readings. zod only, so the REST contract and the browser import them; the
 * calendar modules (luxon, rrule) derive their types from these.
 */
export const DayOffSchema = z.object({
  kind: z.enum(['school_holiday', 'public_holiday']),
  name: z.string(),
});
export type DayOff = z.infer<typeof DayOffSchema>;

export const ConflictCodeSchema = z.enum([
  'tutor_double_booked',
  'class_double_booked',
  'outside_school_hours',
  'on_holiday',
]);
export type ConflictCode = z.infer<typeof ConflictCodeSchema>;

/**
 * `message` is English for logs and old clients; the fields after it carry everything a UI
 * needs to word the conflict in the viewer's language.
 */
export const ConflictSchema = z.object({
  code: ConflictCodeSchema,
  message: z.string(),
  /** The candidate lesson that cannot be saved as is. */
  startsAt: z.string(),
  endsAt: z.string().optional(),
  sessionId: z.string().optional(),
  conflictingSessionId: z.string().optional(),
  /** When the lesson already booked starts (double bookings). */
  conflictingStartsAt: z.string().optional(),
  tutorId: z.string().optional(),
  classId: z.string().optional(),
  /** Set when the lessons do not overlap but leave the tutor less than this gap. */
  bufferMinutes: z.number().optional(),
  /** The day's teaching hours (Paris time), or null when there is no school that day. */
  schoolHours: z.object({ start: z.string(), end: z.string() }).nullable().optional(),
  /** The holiday or public holiday's name. */
  dayOffName: z.string().optional(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const SlotOccurrenceSchema = z.object({
  /** Paris calendar day of the lesson. */
  localDate: LocalDateSchema,
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  /** Set when the lesson does not take place because one of its schools has no class. */
  dayOff: DayOffSchema.nullable(),
});
export type SlotOccurrence = z.infer<typeof SlotOccurrenceSchema>;

export const ZonedTimeSchema = z.object({
  timeZone: z.string(),
  date: z.string(),
  time: z.string(),
  offset: z.string(),
  iso: z.string(),
});
export type ZonedTime = z.infer<typeof ZonedTimeSchema>;

/** A session as shown to one person: UTC instants plus the wall clock of their zone. */
export const SessionViewSchema = LessonSessionSchema.extend({
  display: z.object({ start: ZonedTimeSchema, end: ZonedTimeSchema }),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

export const SessionIdListSchema = z.array(IdSchema);
