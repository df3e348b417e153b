import { z } from 'zod';
import { lessonRoleSchema, planningRoleSchema } from '../contract/roles';

/** Lessons are planned on French school wall-clock time, whatever the viewer's zone. */
export const PLANNING_TIME_ZONE = 'Europe/Paris';
export const DEFAULT_TUTOR_TIME_ZONE = 'Europe/London';
export const LESSON_DURATION_MINUTES = 30;

export const IdSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'ids use letters, digits and . _ : @ -');
/** Intl, not luxon, so the browser can import this module (luxon asks Intl the same way). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
export const TimeZoneSchema = z.string().max(64).refine(isTimeZone, 'not an IANA time zone');
export const LocalDateSchema = z.iso.date();
export const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
export const InstantSchema = z.iso.datetime({ offset: true });
const NameSchema = z.string().trim().min(1).max(200);

export const HolidayZoneSchema = z.enum(['A', 'B', 'C']);
export type HolidayZone = z.infer<typeof HolidayZoneSchema>;

/**
 * Regions with their own public holidays. Alsace-Moselle (académie de Strasbourg, and the
 * Moselle part of Nancy-Metz) keeps Good Friday and 26 December off.
 */
export const LocalRegionSchema = z.enum(['alsace-moselle']);
export type LocalRegion = z.infer<typeof LocalRegionSchema>;

export const SchoolSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  town: NameSchema,
  academie: NameSchema,
  holidayZone: HolidayZoneSchema,
  /** Defaults from the académie (Strasbourg); set it for Moselle schools of Nancy-Metz. */
  localRegion: LocalRegionSchema.nullable().optional(),
});
export type School = z.infer<typeof SchoolSchema>;

export const ClassLevelSchema = z.enum(['CE2', 'CM1', 'CM2']);
export const SchoolClassSchema = z.object({
  id: IdSchema,
  schoolId: IdSchema,
  name: NameSchema,
  level: ClassLevelSchema,
  teacherId: IdSchema,
  teacherName: NameSchema,
  whiteboardEndpoint: NameSchema,
});
export type SchoolClass = z.infer<typeof SchoolClassSchema>;

export const TutorSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  timeZone: TimeZoneSchema.default(DEFAULT_TUTOR_TIME_ZONE),
});
export type Tutor = z.infer<typeof TutorSchema>;

export const InspectorSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  timeZone: TimeZoneSchema.default(PLANNING_TIME_ZONE),
});
export type Inspector = z.infer<typeof InspectorSchema>;

/** Dates are inclusive calendar days in Europe/Paris. */
export const TermSchema = z
  .object({
    id: IdSchema,
    schoolYearId: IdSchema,
    name: NameSchema,
    startDate: LocalDateSchema,
    endDate: LocalDateSchema,
  })
  .refine((term) => term.startDate <= term.endDate, 'term ends before it starts');
export type Term = z.infer<typeof TermSchema>;

export const SchoolYearSchema = z
  .object({
    id: z.string().regex(/^\d{4}-\d{4}$/, 'expected e.g. 2026-2027'),
    startDate: LocalDateSchema,
    endDate: LocalDateSchema,
  })
  .refine((year) => year.startDate <= year.endDate, 'school year ends before it starts');
export type SchoolYear = z.infer<typeof SchoolYearSchema>;

/** ISO weekday: 1 = Monday … 7 = Sunday (luxon's convention). */
export const IsoWeekdaySchema = z.number().int().min(1).max(7);

export const WeeklySlotSchema = z.object({
  id: IdSchema,
  termId: IdSchema,
  tutorId: IdSchema,
  classIds: z.array(IdSchema).min(1).max(6),
  weekday: IsoWeekdaySchema,
  startTime: LocalTimeSchema,
  durationMinutes: z.number().int().min(15).max(60).default(LESSON_DURATION_MINUTES),
  validFrom: LocalDateSchema.nullable().default(null),
  validUntil: LocalDateSchema.nullable().default(null),
});
export type WeeklySlot = z.infer<typeof WeeklySlotSchema>;
export const NewWeeklySlotSchema = WeeklySlotSchema.extend({ id: IdSchema.optional() });
export type NewWeeklySlot = z.input<typeof NewWeeklySlotSchema>;

export const SessionStateSchema = z.enum(['scheduled', 'live', 'done', 'cancelled', 'moved']);
export type SessionState = z.infer<typeof SessionStateSchema>;

export const LessonSessionSchema = z.object({
  id: IdSchema,
  slotId: IdSchema.nullable(),
  tutorId: IdSchema,
  classIds: z.array(IdSchema),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  state: SessionStateSchema,
  /** The series occurrence a moved session replaces (iCalendar RECURRENCE-ID). */
  originalStartsAt: InstantSchema.nullable(),
  /** iCalendar SEQUENCE: 0 as planned, +1 on every move, cancellation or restoration. */
  sequence: z.number().int().min(0).default(0),
  /** Last change (iCalendar DTSTAMP); null while the lesson is as first planned. */
  changedAt: InstantSchema.nullable().default(null),
});
export type LessonSession = z.infer<typeof LessonSessionSchema>;

/**
 * What narrows a principal below its role: a lesson page's token is good for that one
 * lesson only, a classroom whiteboard's key for reading its own class's lessons. A
 * person's API token has no scope. Checked by the REST adapter's gate (api/gate.ts).
 */
export const CredentialScopeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('lesson'),
    sessionId: z.string().min(1),
    lessonRole: lessonRoleSchema,
  }),
  z.object({ kind: z.literal('device'), classId: z.string().min(1) }),
  z.object({ kind: z.literal('family'), classId: z.string().min(1), linkId: z.string().min(1) }),
  z.object({ kind: z.literal('pupil'), classId: z.string().min(1), linkId: z.string().min(1) }),
]);
export type CredentialScope = z.infer<typeof CredentialScopeSchema>;

export const PrincipalSchema = z.object({
  role: planningRoleSchema,
  userId: z.string().min(1),
  name: z.string().min(1),
  scope: CredentialScopeSchema.optional(),
});
export type Principal = z.infer<typeof PrincipalSchema>;
export type Role = Principal['role'];

export const HolidayPeriodSchema = z.object({
  zone: HolidayZoneSchema,
  name: NameSchema,
  /** First day without school. */
  startDate: LocalDateSchema,
  /** Day school resumes (exclusive), as DTEND of an all-day VEVENT. */
  endDate: LocalDateSchema,
});
export type HolidayPeriod = z.infer<typeof HolidayPeriodSchema>;

export const PublicHolidaySchema = z.object({ date: LocalDateSchema, name: NameSchema });
export type PublicHoliday = z.infer<typeof PublicHolidaySchema>;

export const LocalHolidaySchema = PublicHolidaySchema.extend({ region: LocalRegionSchema });
export type LocalHoliday = z.infer<typeof LocalHolidaySchema>;

/** The académie a local region follows by default (Nancy-Metz is only partly in it). */
export function defaultLocalRegion(academie: string): LocalRegion | null {
  return /strasbourg/i.test(academie) ? 'alsace-moselle' : null;
}
