import { z } from 'zod';

/** Ids are opaque strings on the wire, bounded so nobody can send megabytes as an id. */
export const idSchema = z.string().min(1).max(128);

export const sessionIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'session ids are letters, digits, _ and -');
export type SessionId = z.infer<typeof sessionIdSchema>;
