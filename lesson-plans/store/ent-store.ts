import type { Kysely, Migration } from 'kysely';
import type { PlanningRole } from '../contract/roles';
import { newId, transaction, type StoreContext } from './context';

/**
 * Held sign-ins end: a request nobody decided on within 30 days is deleted, with the ENT
 * identifier and name it carried (README, "Privacy").
 */
export const ENT_REQUEST_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

async function entSignIn(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ent_links')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('ent_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ent_links_pk', ['provider', 'ent_id'])
    .execute();
  await db.schema
    .createTable('ent_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('ent_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ent_requests_identity', ['provider', 'ent_id'])
    .execute();
}

export function entMigrations(): Record<string, Migration> {
  return { '0013_ent_sign_in': { up: entSignIn } };
}

export interface EntLink {
  provider: string;
  entId: string;
  role: PlanningRole;
  personId: string;
}

export interface EntRequest {
  id: string;
  provider: string;
  entId: string;
  displayName: string | null;
  requestedAt: string;
}

const toRequest = (row: {
  id: string;
  provider: string;
  ent_id: string;
  display_name: string | null;
  requested_at: string;
}): EntRequest => ({
  id: row.id,
  provider: row.provider,
  entId: row.ent_id,
  displayName: row.display_name,
  requestedAt: row.requested_at,
});

/**
 * Who an ENT identity is in Passerelle once a coordinator said so, and the sign-ins held
 * until one does. Only the identifier the town's configuration names (and a display name
 * for the coordinator to recognise a held request) is kept; nothing else the ENT sends.
 */
export function createEntStore(ctx: StoreContext) {
  const { db } = ctx;
  const retentionCutoff = () =>
    new Date(ctx.now().getTime() - ENT_REQUEST_RETENTION_DAYS * DAY_MS).toISOString();
  const purgeOldRequests = () =>
    db.deleteFrom('ent_requests').where('requested_at', '<', retentionCutoff()).execute();
  return {
    async findEntLink(provider: string, entId: string): Promise<EntLink | undefined> {
      const row = await db
        .selectFrom('ent_links')
        .selectAll()
        .where('provider', '=', provider)
        .where('ent_id', '=', entId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        provider,
        entId,
        role: row.role as PlanningRole,
        personId: row.person_id,
      };
    },
    /** Holds a sign-in once per identity; a second attempt refreshes the name and date. */
    async holdEntRequest(provider: string, entId: string, displayName: string | null) {
      const requestedAt = ctx.now().toISOString();
      await db
        .insertInto('ent_requests')
        .values({
          id: newId('ent'),
          provider,
          ent_id: entId,
          display_name: displayName,
          requested_at: requestedAt,
        })
        .onConflict((c) =>
          c
            .columns(['provider', 'ent_id'])
            .doUpdateSet({ display_name: displayName, requested_at: requestedAt }),
        )
        .execute();
    },
    async listEntRequests(): Promise<EntRequest[]> {
      await purgeOldRequests();
      const rows = await db
        .selectFrom('ent_requests')
        .selectAll()
        .orderBy('requested_at')
        .orderBy('id')
        .execute();
      return rows.map(toRequest);
    },
    async getEntRequest(id: string): Promise<EntRequest | undefined> {
      await purgeOldRequests();
      const row = await db
        .selectFrom('ent_requests')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toRequest(row);
    },
    /** Links the identity to the person and forgets the request (its name included). */
    async approveEntRequest(
      request: EntRequest,
      link: Omit<EntLink, 'provider' | 'entId'>,
      by: string,
    ) {
      await transaction(db, async (trx) => {
        await trx
          .insertInto('ent_links')
          .values({
            provider: request.provider,
            ent_id: request.entId,
            role: link.role,
            person_id: link.personId,
            created_at: ctx.now().toISOString(),
            created_by: by,
          })
          .onConflict((c) =>
            c
              .columns(['provider', 'ent_id'])
              .doUpdateSet({ role: link.role, person_id: link.personId }),
          )
          .execute();
        await trx.deleteFrom('ent_requests').where('id', '=', request.id).execute();
      });
    },
    /** A rejected request is deleted outright: nothing of that person stays. */
    async rejectEntRequest(id: string): Promise<boolean> {
      const result = await db.deleteFrom('ent_requests').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
