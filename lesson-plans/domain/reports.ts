import { z } from 'zod';
import { IdSchema, InstantSchema } from './model';

/** Participants are recorded by role and display name only: pupils never appear. */
/** Who attendance records: a pupil at home by the first name or initials its link gives, nothing more. */
export const ParticipantRoleSchema = z.enum(['tutor', 'classroom', 'inspector', 'pupil']);
export type ParticipantRole = z.infer<typeof ParticipantRoleSchema>;

export const AttendanceRecordSchema = z
  .object({
    sessionId: IdSchema,
    role: ParticipantRoleSchema,
    displayName: z.string().trim().min(1).max(200),
    joinedAt: InstantSchema,
    leftAt: InstantSchema,
  })
  .refine((record) => Date.parse(record.leftAt) >= Date.parse(record.joinedAt), {
    message: 'leftAt is before joinedAt',
  });
export type AttendanceRecord = z.infer<typeof AttendanceRecordSchema>;

export const QualitySampleSchema = z.object({
  sessionId: IdSchema,
  role: ParticipantRoleSchema,
  displayName: z.string().trim().min(1).max(200),
  recordedAt: InstantSchema,
  bitrateKbps: z.number().min(0).max(1_000_000),
  packetLossPct: z.number().min(0).max(100),
  freezeCount: z.number().int().min(0),
  roundTripMs: z.number().min(0).max(60_000),
});
export type QualitySample = z.infer<typeof QualitySampleSchema>;

export const AttendanceSummaryRowSchema = z.object({
  termId: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  sessions: z.number(),
  sessionsWithClassroom: z.number(),
  classroomMinutes: z.number(),
  tutorMinutes: z.number(),
  inspectorVisits: z.number(),
});
export type AttendanceSummaryRow = z.infer<typeof AttendanceSummaryRowSchema>;

export const QualitySummaryRowSchema = z.object({
  termId: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  samples: z.number(),
  avgBitrateKbps: z.number(),
  avgPacketLossPct: z.number(),
  totalFreezes: z.number(),
  avgRoundTripMs: z.number(),
});
export type QualitySummaryRow = z.infer<typeof QualitySummaryRowSchema>;
