import type { Kysely, Migration } from 'kysely';
import type { StoreContext } from './context';

/** Whose credentials a version counts: a person's API tokens or a classroom's whiteboard key. */
export type CredentialHolder = 'person' | 'classroom';

async function credentialVersions(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credential_versions')
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('credential_versions_pk', ['holder', 'subject'])
    .execute();
}

/** Feed tokens end (README, "Credentials"); feeds made before this end a year after creation. */
async function feedExpiry(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('feed_tokens').addColumn('expires_at', 'text').execute();
}

export function credentialMigrations(): Record<string, Migration> {
  return {
    '0009_credential_versions': { up: credentialVersions },
    '0010_feed_expiry': { up: feedExpiry },
  };
}

/**
 * One version number per holder: every token carries the version it was signed at, and
 * only the current one is accepted. Rotating a classroom key or revoking a person's
 * tokens bumps it, which refuses every older token at once without a revocation list
 * (STYLE.md §12).
 */
export function createCredentialStore(ctx: StoreContext) {
  const { db } = ctx;
  const credentialVersion = async (holder: CredentialHolder, subject: string) => {
    const row = await db
      .selectFrom('credential_versions')
      .select('version')
      .where('holder', '=', holder)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row?.version ?? 0;
  };
  return {
    credentialVersion,
    async bumpCredentialVersion(holder: CredentialHolder, subject: string): Promise<number> {
      const next = (await credentialVersion(holder, subject)) + 1;
      await db
        .insertInto('credential_versions')
        .values({ holder, subject, version: next, updated_at: ctx.now().toISOString() })
        .onConflict((c) =>
          c.columns(['holder', 'subject']).doUpdateSet({
            version: next,
            updated_at: ctx.now().toISOString(),
          }),
        )
        .execute();
      return next;
    },
  };
}
