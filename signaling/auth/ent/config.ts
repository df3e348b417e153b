import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { planningRoleSchema } from '../../../lesson-plans/contract/roles';

/** A provider id appears in URLs (/signin/<id>/…) and in the stored links. */
const providerId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits, -');

/** http is allowed for loopback only (a test's provider); an ENT is always reached over https. */
const providerUrl = z.url().refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}, 'an https URL (http only on loopback)');

const common = {
  id: providerId,
  /** The button's text on the sign-in page, e.g. "ENT Val-de-Brume". */
  label: z.string().trim().min(1).max(80),
  /** The claim (OIDC) or attribute (CAS) that identifies a person; CAS's `user` by default. */
  identifier: z.string().min(1).max(80),
  /** A claim or attribute shown to the coordinator for a held sign-in (a display name). */
  nameAttribute: z.string().min(1).max(80).optional(),
  /** Overrides the town's `unknownPeople` for this ENT. */
  unknownPeople: z.enum(['refuse', 'hold']).optional(),
};

const oidcProviderSchema = z.object({
  ...common,
  kind: z.literal('oidc'),
  issuer: providerUrl,
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** The registered redirect URI; `${PUBLIC_URL}/signin/<id>/callback` by default. */
  redirectUri: z.url().optional(),
  scope: z.string().default('openid email profile'),
});

const casProviderSchema = z.object({
  ...common,
  kind: z.literal('cas'),
  /** The CAS server's base, e.g. https://cas.ent.example/cas (…/login, …/p3/serviceValidate). */
  baseUrl: providerUrl,
  /** The service URL registered with the CAS; `${PUBLIC_URL}/signin/<id>/callback` by default. */
  serviceUrl: z.url().optional(),
  identifier: z.string().min(1).max(80).default('user'),
});

export const entProviderSchema = z.discriminatedUnion('kind', [
  oidcProviderSchema,
  casProviderSchema,
]);
export type EntProviderConfig = z.infer<typeof entProviderSchema>;
export type OidcProviderConfig = z.infer<typeof oidcProviderSchema>;
export type CasProviderConfig = z.infer<typeof casProviderSchema>;

/** A person the town names in its file: an ENT identifier and who that is in Passerelle. */
const personMappingSchema = z.object({
  /** Limit to one provider; any configured provider when absent. */
  provider: providerId.optional(),
  identifier: z.string().min(1).max(320),
  role: planningRoleSchema,
  /** The directory's id: a tutor's or inspector's id, a class's teacherId, a coordinator's id. */
  personId: z.string().min(1).max(128),
});
export type EntPersonMapping = z.infer<typeof personMappingSchema>;

export const entConfigSchema = z
  .object({
    town: z.string().trim().min(1).max(120),
    /** Someone the directory does not know: refused, or held for a coordinator to approve. */
    unknownPeople: z.enum(['refuse', 'hold']).default('refuse'),
    /** Identifiers compared case-insensitively (e-mail addresses). */
    caseInsensitive: z.boolean().default(true),
    /** Sign-in callbacks and code exchanges per client address and minute. */
    requestsPerMinute: z.number().int().min(1).max(10_000).default(30),
    providers: z.array(entProviderSchema).min(1),
    people: z.array(personMappingSchema).default([]),
  })
  .superRefine((config, context) => {
    const ids = config.providers.map((provider) => provider.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index)
        context.addIssue({
          code: 'custom',
          path: ['providers', index, 'id'],
          message: `${id} twice`,
        });
    });
    config.people.forEach((person, index) => {
      if (person.provider !== undefined && !ids.includes(person.provider))
        context.addIssue({
          code: 'custom',
          path: ['people', index, 'provider'],
          message: `no provider ${person.provider}`,
        });
    });
  });
export type EntConfig = z.infer<typeof entConfigSchema>;

/** Parses a town's ENT file (JSON), with every problem listed by its path. */
export function parseEntConfig(text: string, source = 'ENT_CONFIG'): EntConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const result = entConfigSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid ENT configuration (${source}):\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadEntConfig(path: string): EntConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`ENT_CONFIG: cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseEntConfig(text, path);
}
