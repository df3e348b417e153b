import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';
import type { PublishedRecap, RecapAuditEntry, RecapContent } from '../contract/recap';
import { RecapContentSchema } from '../contract/recap';
import type { StoreContext } from '../store/context';
import { newId, transaction } from '../store/context';
import type { PlanningDatabase } from '../store/schema';

/* Schema builder only (no SQLite-only SQL): the same migration runs on PostgreSQL. */
async function familyRecaps(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('family_recaps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by_id', 'text', (c) => c.notNull())
    .addColumn('published_by_role', 'text', (c) => c.notNull())
    .addColumn('published_by_name', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addUniqueConstraint('family_recaps_version', ['session_id', 'version'])
    .execute();
  await db.schema
    .createTable('family_recap_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull())
    .addColumn('by_role', 'text', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('family_recap_audit_by_session')
    .on('family_recap_audit')
    .column('session_id')
    .execute();
  await db.schema
    .createTable('family_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id'))
    .addColumn('term_id', 'text', (c) => c.notNull().references('terms.id'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('feed_token', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('family_links_by_class')
    .on('family_links')
    .column('class_id')
    .execute();
}

export function recapMigrations(): Record<string, Migration> {
  return { '0012_family_recaps': { up: familyRecaps } };
}

export interface RecapPublisher {
  userId: string;
  role: 'tutor' | 'teacher';
  name: string;
}

export interface FamilyLinkRow {
  id: string;
  classId: string;
  termId: string;
  feedToken: string;
  expiresAt: string;
  revokedAt: string | null;
}

export const hashFamilyKey = (key: string) => createHash('sha256').update(key).digest('hex');

function toRecap(row: PlanningDatabase['family_recaps']): PublishedRecap {
  return {
    id: row.id,
    sessionId: row.session_id,
    version: row.version,
    publishedAt: row.published_at,
    publishedBy: {
      role: row.published_by_role as RecapPublisher['role'],
      name: row.published_by_name,
    },
    content: RecapContentSchema.parse(JSON.parse(row.content)),
  };
}

function toLink(row: PlanningDatabase['family_links']): FamilyLinkRow {
  return {
    id: row.id,
    classId: row.class_id,
    termId: row.term_id,
    feedToken: row.feed_token,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

type Db = Kysely<PlanningDatabase>;

function audit(
  ctx: StoreContext,
  trx: Db,
  entry: { sessionId: string; version: number; action: RecapAuditEntry['action'] },
  by: RecapPublisher,
) {
  return trx
    .insertInto('family_recap_audit')
    .values({
      id: newId('recap-audit'),
      session_id: entry.sessionId,
      version: entry.version,
      action: entry.action,
      at: ctx.now().toISOString(),
      by_user_id: by.userId,
      by_role: by.role,
      by_name: by.name,
    })
    .execute();
}

/** The next version replaces the shown one (which stops being shown, unchanged). */
async function publish(
  ctx: StoreContext,
  trx: Db,
  sessionId: string,
  content: RecapContent,
  by: RecapPublisher,
) {
  const last = await trx
    .selectFrom('family_recaps')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  const version = Number(last?.version ?? 0) + 1;
  const now = ctx.now().toISOString();
  await trx
    .updateTable('family_recaps')
    .set({ withdrawn_at: now })
    .where('session_id', '=', sessionId)
    .where('withdrawn_at', 'is', null)
    .execute();
  const row = {
    id: newId('recap'),
    session_id: sessionId,
    version,
    content: JSON.stringify(RecapContentSchema.parse(content)),
    published_at: now,
    published_by_id: by.userId,
    published_by_role: by.role,
    published_by_name: by.name,
    withdrawn_at: null,
  };
  await trx.insertInto('family_recaps').values(row).execute();
  await audit(ctx, trx, { sessionId, version, action: 'publish' }, by);
  return toRecap(row);
}

/** Withdraws the shown version; answers its number, or 0 when none is shown. */
async function withdraw(ctx: StoreContext, trx: Db, sessionId: string, by: RecapPublisher) {
  const current = await trx
    .selectFrom('family_recaps')
    .select('version')
    .where('session_id', '=', sessionId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  if (!current) return 0;
  await trx
    .updateTable('family_recaps')
    .set({ withdrawn_at: ctx.now().toISOString() })
    .where('session_id', '=', sessionId)
    .where('version', '=', current.version)
    .execute();
  await audit(ctx, trx, { sessionId, version: current.version, action: 'unpublish' }, by);
  return current.version;
}

/**
 * Published recaps are snapshots: a row's content is never updated. Re-publishing adds the
 * next version; withdrawing stops showing the current one. Both write an audit row (who,
 * when). `withdrawn_at` is when a version stopped being shown (replaced or withdrawn).
 */
export function createRecapStore(ctx: StoreContext) {
  const { db } = ctx;
  return {
    publishRecap: (sessionId: string, content: RecapContent, by: RecapPublisher) =>
      transaction(db, (trx) => publish(ctx, trx, sessionId, content, by)),
    unpublishRecap: (sessionId: string, by: RecapPublisher) =>
      transaction(db, (trx) => withdraw(ctx, trx, sessionId, by)),
    async currentRecap(sessionId: string): Promise<PublishedRecap | null> {
      const row = await db
        .selectFrom('family_recaps')
        .selectAll()
        .where('session_id', '=', sessionId)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
      return row ? toRecap(row) : null;
    },
    async recapAudit(sessionId: string): Promise<RecapAuditEntry[]> {
      const rows = await db
        .selectFrom('family_recap_audit')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('at')
        .orderBy('version')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        action: row.action as RecapAuditEntry['action'],
        version: row.version,
        at: row.at,
        byUserId: row.by_user_id,
        byRole: row.by_role,
        byName: row.by_name,
      }));
    },
    /** The published recaps of a class's lessons, newest lesson first. */
    async classRecaps(classId: string): Promise<PublishedRecap[]> {
      const rows = await db
        .selectFrom('family_recaps')
        .innerJoin('session_classes', 'session_classes.session_id', 'family_recaps.session_id')
        .innerJoin('sessions', 'sessions.id', 'family_recaps.session_id')
        .selectAll('family_recaps')
        .where('session_classes.class_id', '=', classId)
        .where('family_recaps.withdrawn_at', 'is', null)
        .orderBy('sessions.starts_at', 'desc')
        .orderBy('family_recaps.id', 'desc')
        .execute();
      return rows.map(toRecap);
    },
    ...familyLinkStore(ctx),
  };
}

function familyLinkStore(ctx: StoreContext) {
  const { db } = ctx;
  const revokeActive = (trx: Kysely<PlanningDatabase>, classId: string) =>
    trx
      .updateTable('family_links')
      .set({ revoked_at: ctx.now().toISOString() })
      .where('class_id', '=', classId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  return {
    /** Issues a class's link for a term; every earlier link of the class is revoked. */
    issueFamilyLink: (classId: string, termId: string, expiresAt: string, by: string) =>
      transaction(db, async (trx) => {
        await revokeActive(trx, classId);
        const key = randomBytes(24).toString('base64url');
        const row = {
          id: newId('family-link'),
          class_id: classId,
          term_id: termId,
          key_hash: hashFamilyKey(key),
          feed_token: randomBytes(24).toString('base64url'),
          created_by: by,
          created_at: ctx.now().toISOString(),
          expires_at: expiresAt,
          revoked_at: null,
        };
        await trx.insertInto('family_links').values(row).execute();
        return { key, link: toLink(row) };
      }),
    async revokeFamilyLinks(classId: string): Promise<number> {
      return Number((await revokeActive(db, classId)).numUpdatedRows);
    },
    async familyLinkByKey(key: string): Promise<FamilyLinkRow | undefined> {
      const row = await db
        .selectFrom('family_links')
        .selectAll()
        .where('key_hash', '=', hashFamilyKey(key))
        .executeTakeFirst();
      return row && toLink(row);
    },
    async familyLinkById(id: string): Promise<FamilyLinkRow | undefined> {
      const row = await db
        .selectFrom('family_links')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toLink(row);
    },
    async familyLinkByFeedToken(token: string): Promise<FamilyLinkRow | undefined> {
      const row = await db
        .selectFrom('family_links')
        .selectAll()
        .where('feed_token', '=', token)
        .executeTakeFirst();
      return row && toLink(row);
    },
  };
}
