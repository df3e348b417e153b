import { z } from 'zod';

/**
 * What a REST route may require. The role → capability table that grants them lives on
 * the server (lesson-plans/api/access.ts); the contract only names them.
 */
export const CAPABILITIES = [
  'directory.read',
  'directory.write',
  'schedule.read',
  'schedule.write',
  'session.run',
  'session.join',
  'plan.read',
  'plan.write',
  'inspection.read',
  'inspection.write',
  'report.read',
  'holiday.import',
  'feed.subscribe',
  /** Issue, rotate and revoke classroom whiteboard keys (the coordinator). */
  'classroom-key.manage',
  /** Revoke one's own API tokens (the coordinator anyone's). */
  'token.revoke',
  /** Run the network readiness check and store its result (a classroom whiteboard, its own). */
  'readiness.check',
  /** See every school's readiness results (the coordinator). */
  'readiness.read',
  /** Publish and withdraw a lesson's family recap (its tutor, a teacher of its classes). */
  'recap.publish',
  /** Issue and revoke a class's family link (its teacher, the coordinator). */
  'family-link.manage',
  /** Read a class's published recaps (a family key, nothing else). */
  'recap.read',
  /** Approve or reject sign-ins through the ENT held for someone the directory did not know. */
  'ent.approve',
  /** Create, list and revoke pupil-at-home links of a class (its teacher, its whiteboard, the coordinator). */
  'pupil-link.manage',
  /** Exchange a pupil key for its lesson's session token (a pupil key, nothing else). */
  'pupil.join',
] as const;
export const capabilitySchema = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof capabilitySchema>;

/**
 * The kinds of bearer credential (README, "Credentials"): a person's API token, a classroom
 * whiteboard's key (a read-only device), a lesson page's token (one lesson), a class's
 * family key (its published recaps, nothing else) and a pupil key (one pupil at home's way
 * into its lesson, nothing else).
 */
export const CREDENTIAL_KINDS = ['person', 'device', 'lesson', 'family', 'pupil'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];
