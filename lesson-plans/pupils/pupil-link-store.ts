import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';
import type { PupilLink } from '../contract/pupil';
import type { StoreContext } from '../store/context';
import { newId, transaction } from '../store/context';
import type { PlanningDatabase } from '../store/schema';

/**
 * How long a link's row (and so the pupil's name) outlives its end or its revocation: long
 * enough for the teacher to see what was issued last week, short enough to keep nothing.
 */
export const PUPIL_LINK_GRACE_MS = 7 * 24 * 60 * 60_000;

/*
 * Schema builder only (no SQLite-only SQL): the same migration runs on PostgreSQL. No foreign
 * keys to lessons or slots: replanning a series deletes its future lessons, and a pupil link
 * must not stop it (the link then opens nothing and ends as planned).
 */
async function pupilLinks(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pupil_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('class_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('slot_id', 'text')
    .addColumn('pupil_name', 'text', (c) => c.notNull())
    .addColumn('allow_camera', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('pupil_links_by_class')
    .on('pupil_links')
    .column('class_id')
    .execute();
  await db.schema
    .createIndex('pupil_links_by_expiry')
    .on('pupil_links')
    .column('expires_at')
    .execute();
}

export function pupilLinkMigrations(): Record<string, Migration> {
  return { '0015_pupil_links': { up: pupilLinks } };
}

export const hashPupilKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface NewPupilLink {
  classId: string;
  pupilName: string;
  sessionId: string | null;
  slotId: string | null;
  allowCamera: boolean;
  createdBy: string;
  expiresAt: string;
}

function toLink(row: PlanningDatabase['pupil_links']): PupilLink {
  return {
    id: row.id,
    classId: row.class_id,
    pupilName: row.pupil_name,
    sessionId: row.session_id,
    slotId: row.slot_id,
    allowCamera: row.allow_camera === 1,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

type Db = Kysely<PlanningDatabase>;

/** Forgets links (and the names they carry) past their end or revocation and the grace. */
async function purge(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - PUPIL_LINK_GRACE_MS).toISOString();
  const result = await db
    .deleteFrom('pupil_links')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function createPupilLinkStore(ctx: StoreContext) {
  const { db } = ctx;
  const byId = async (id: string) => {
    const row = await db
      .selectFrom('pupil_links')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toLink(row);
  };
  return {
    /** A new link and its key, given once (only its hash is kept). */
    async createPupilLink(input: NewPupilLink): Promise<{ key: string; link: PupilLink }> {
      const key = randomBytes(24).toString('base64url');
      const row = {
        id: newId('pupil-link'),
        key_hash: hashPupilKey(key),
        class_id: input.classId,
        session_id: input.sessionId,
        slot_id: input.slotId,
        pupil_name: input.pupilName,
        allow_camera: input.allowCamera ? 1 : 0,
        created_by: input.createdBy,
        created_at: ctx.now().toISOString(),
        expires_at: input.expiresAt,
        revoked_at: null,
      };
      await transaction(db, async (trx) => {
        await purge(trx, ctx.now());
        await trx.insertInto('pupil_links').values(row).execute();
      });
      return { key, link: toLink(row) };
    },
    pupilLinkById: byId,
    async pupilLinkByKey(key: string): Promise<PupilLink | undefined> {
      const row = await db
        .selectFrom('pupil_links')
        .selectAll()
        .where('key_hash', '=', hashPupilKey(key))
        .executeTakeFirst();
      return row && toLink(row);
    },
    /** The class's links neither revoked nor ended, soonest end first. */
    async listPupilLinks(classId: string): Promise<PupilLink[]> {
      const rows = await db
        .selectFrom('pupil_links')
        .selectAll()
        .where('class_id', '=', classId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', ctx.now().toISOString())
        .orderBy('expires_at')
        .orderBy('id')
        .execute();
      return rows.map(toLink);
    },
    /** Revokes a link (a second revocation keeps the first date); undefined if unknown. */
    async revokePupilLink(id: string): Promise<PupilLink | undefined> {
      await db
        .updateTable('pupil_links')
        .set({ revoked_at: ctx.now().toISOString() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      return byId(id);
    },
    purgePupilLinks: () => purge(db, ctx.now()),
  };
}
