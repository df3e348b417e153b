import { z } from 'zod';
import { IdSchema } from '../domain/model';
import { defineApi, defineRoute } from './define';
import { planningRoleSchema } from './roles';

/** A sign-in through the ENT that the directory did not know, held for a coordinator. */
export const EntRequestSchema = z.object({
  id: IdSchema,
  /** The configured ENT it came through (ENT_CONFIG's provider id). */
  provider: z.string(),
  /** The identifier the town's configuration names (an e-mail address, an ENT uid). */
  entId: z.string(),
  displayName: z.string().nullable(),
  requestedAt: z.string(),
});
export type EntRequest = z.infer<typeof EntRequestSchema>;

export const EntApprovalSchema = z.object({
  role: planningRoleSchema,
  /** The person in the directory: a tutor's or inspector's id, a class's teacherId, or a coordinator's id. */
  personId: IdSchema,
});
export type EntApproval = z.infer<typeof EntApprovalSchema>;

const RequestParamsSchema = z.object({ id: IdSchema });

/** /api/ent: the coordinator decides on held ENT sign-ins. Only a person's own API token. */
export const ENT_API = defineApi({
  prefix: '/api/ent',
  authenticates: ['person'],
  routes: {
    listEntRequests: defineRoute({
      method: 'GET',
      path: '/requests',
      summary: 'ENT sign-ins held because the directory did not know the person',
      response: { json: z.object({ requests: z.array(EntRequestSchema) }) },
      access: { capabilities: ['ent.approve'] },
    }),
    approveEntRequest: defineRoute({
      method: 'POST',
      path: '/requests/:id/approve',
      summary: 'Link a held ENT identity to a person of the directory; they can sign in at once',
      params: RequestParamsSchema,
      body: EntApprovalSchema,
      response: {
        json: z.object({ provider: z.string(), entId: z.string(), ...EntApprovalSchema.shape }),
      },
      access: { capabilities: ['ent.approve'] },
    }),
    rejectEntRequest: defineRoute({
      method: 'DELETE',
      path: '/requests/:id',
      summary: 'Refuse a held ENT sign-in; the request and its name are deleted',
      params: RequestParamsSchema,
      response: { json: z.object({ id: IdSchema }) },
      access: { capabilities: ['ent.approve'] },
    }),
  },
});

/**
 * The sign-in pages' own wire (not REST routes: no bearer credential reaches them):
 * `GET /signin/providers` lists the town's ENTs, `POST /signin/exchange` turns a one-time
 * handoff code into the person's API token.
 */
export const SignInProvidersSchema = z.object({
  town: z.string(),
  providers: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type SignInProviders = z.infer<typeof SignInProvidersSchema>;

export const SignInExchangeSchema = z.object({ code: z.string().min(1).max(128) });

export const SignInGrantSchema = z.object({
  token: z.string(),
  role: planningRoleSchema,
  name: z.string(),
  expiresAt: z.string(),
});
export type SignInGrant = z.infer<typeof SignInGrantSchema>;

/** Why a sign-in ended on the sign-in page (`/connexion#error=<outcome>`). */
export const SIGN_IN_OUTCOMES = [
  'refused',
  'held',
  'rejected',
  'expired',
  'busy',
  'unavailable',
] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];
