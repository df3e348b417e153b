import { z } from 'zod';

/** Ids are opaque strings on the wire, bounded so nobody can send megabytes as an id. */
export const idSchema = z.string().min(1).max(128);

/** Lesson ids come from the timetable (e.g. `slot-ecole-curie-cm1@2026-11-30`). */
export const sessionIdSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'session ids use letters, digits and . _ : @ -');
export type SessionId = z.infer<typeof sessionIdSchema>;
