import { z } from 'zod';
import { IdSchema, InstantSchema } from '../domain/model';
import { defineApi, defineRoute } from './define';
import { IdParamsSchema } from './planning-schemas';

/**
 * The pupil at home (issue 13, item 1). A link names one pupil by first name or initials only
 * ("Léa", "L. M."): letters, spaces, dots, hyphens and apostrophes, 24 characters at most, so
 * that nothing else about a child (a surname in full, a diagnosis, a phone number) fits.
 */
export const PupilNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(24)
  .regex(/^[\p{L}][\p{L} .'’-]*$/u, 'a first name or initials only');

/** For one lesson (`sessionId`) or for a class's series (`slotId`): exactly one of them. */
/**
 * Links a class may have in use at once (neither revoked nor ended): a few pupils at home in a
 * class of 25-30, and a bound on what one teacher's key can make the store keep.
 */
export const MAX_PUPIL_LINKS_PER_CLASS = 12;

export const CreatePupilLinkSchema = z
  .object({
    pupilName: PupilNameSchema,
    sessionId: IdSchema.optional(),
    slotId: IdSchema.optional(),
    /** The teacher's choice for this link: the pupil may turn its camera on. Off by default. */
    allowCamera: z.boolean().default(false),
  })
  .strict()
  .refine((body) => (body.sessionId === undefined) !== (body.slotId === undefined), {
    message: 'give a sessionId (one lesson) or a slotId (the series), not both',
  });

export const PupilLinkSchema = z.object({
  id: IdSchema,
  classId: IdSchema,
  pupilName: z.string(),
  sessionId: IdSchema.nullable(),
  slotId: IdSchema.nullable(),
  allowCamera: z.boolean(),
  createdAt: InstantSchema,
  expiresAt: InstantSchema,
  revokedAt: InstantSchema.nullable(),
});
export type PupilLink = z.infer<typeof PupilLinkSchema>;

/** The new link: its page, with the key in the fragment (shown once, stored as a hash). */
export const IssuedPupilLinkSchema = z.object({ link: PupilLinkSchema, url: z.string() });

const manage = { capabilities: ['pupil-link.manage'], device: true } as const;

/** /api/planning routes: the class's teacher (or its whiteboard) or the coordinator. */
export const PUPIL_LINK_ROUTES = {
  createPupilLink: defineRoute({
    method: 'POST',
    path: '/classes/:id/pupil-links',
    summary: 'A link for one pupil at home to follow one lesson or the series of the class',
    params: IdParamsSchema,
    body: CreatePupilLinkSchema,
    status: 201,
    response: { json: IssuedPupilLinkSchema },
    access: manage,
  }),
  listPupilLinks: defineRoute({
    method: 'GET',
    path: '/classes/:id/pupil-links',
    summary: "The class's pupil links still in force (never their keys)",
    params: IdParamsSchema,
    response: { json: z.object({ links: z.array(PupilLinkSchema) }) },
    access: manage,
  }),
  revokePupilLink: defineRoute({
    method: 'DELETE',
    path: '/pupil-links/:id',
    summary: 'Revoke a pupil link: refused at once, and its pupil leaves the lesson',
    params: IdParamsSchema,
    response: { json: z.object({ link: PupilLinkSchema }) },
    access: manage,
  }),
} as const;

/** What the pupil's page gets for its key: a short session token for the one lesson open now. */
export const PupilSessionSchema = z.object({
  sessionId: IdSchema,
  token: z.string(),
  pupilName: z.string(),
  className: z.string(),
  allowCamera: z.boolean(),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
});
export type PupilSession = z.infer<typeof PupilSessionSchema>;

/** /api/pupil: the pupil's page. Only a pupil key authenticates here (Authorization header). */
export const PUPIL_API = defineApi({
  prefix: '/api/pupil',
  authenticates: ['pupil'],
  routes: {
    exchangePupilKey: defineRoute({
      method: 'POST',
      path: '/session',
      summary: "The pupil key for a session token of its lesson, once the lesson's door is open",
      status: 201,
      response: { json: PupilSessionSchema },
      access: { capabilities: ['pupil.join'], person: false, pupil: true },
    }),
  },
});
