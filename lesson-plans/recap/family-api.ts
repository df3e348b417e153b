import { createHash } from 'node:crypto';
import type express from 'express';
import { FileAnswer, mountApi, type Handlers } from '../api/adapter';
import { failure, found } from '../api/http';
import { linkKeyOf } from '../api/linkKey';
import { materialAnswer } from '../api/plan-handlers';
import type { ErrorLogger } from '../api/router-types';
import { FAMILY_API } from '../contract/recap';
import type { Principal } from '../domain/model';
import type { PlanningStore } from '../store/open';
import { recapMaterialIds } from './build-recap';
import { frenchDate } from './french';
import { buildRecapAtom } from './recap-atom';
import type { FamilyLinkRow } from './recap-store';

export interface FamilyRouterOptions {
  store: PlanningStore;
  now: () => Date;
  logger?: ErrorLogger;
  /** The site's absolute origin for links in the feed; else as the caller reached us. */
  publicSiteUrl?: string;
}

const ASK_AGAIN = "Demandez le nouveau lien à l'enseignant·e de la classe.";

/** Why a family link no longer opens, in French for the family reading it; null if it does. */
async function refusal(store: PlanningStore, link: FamilyLinkRow, now: Date) {
  if (link.revokedAt !== null)
    return `Ce lien a été remplacé ou retiré par l'école le ${frenchDate(link.revokedAt)}. ${ASK_AGAIN}`;
  if (Date.parse(link.expiresAt) <= now.getTime()) {
    const term = await store.getTerm(link.termId);
    return `Ce lien était valable jusqu'à la fin de la période « ${term?.name ?? ''} » (${frenchDate(link.expiresAt)}) : chaque période a son propre lien. ${ASK_AGAIN}`;
  }
  return null;
}

/**
 * The family key, from the Authorization header only (the page reads it from its URL
 * fragment). A refused key answers `unauthenticated` with the reason in French.
 */
export function familyAuthenticator(store: PlanningStore, now: () => Date) {
  return async (req: express.Request): Promise<Principal | null> => {
    const unknown = failure('unauthenticated', `Ce lien n'est pas reconnu. ${ASK_AGAIN}`);
    const key = linkKeyOf(req, unknown);
    if (key === null) return null;
    const link = await store.familyLinkByKey(key);
    if (!link) throw unknown;
    const refused = await refusal(store, link, now());
    if (refused) throw failure('unauthenticated', refused);
    const scope = { kind: 'family', classId: link.classId, linkId: link.id } as const;
    // Not a person: the principal names the link, never a family or a pupil.
    return { role: 'teacher', userId: `family-link:${link.id}`, name: 'famille', scope };
  };
}

const linkOf = async (store: PlanningStore, principal: Principal) => {
  const linkId = principal.scope?.kind === 'family' ? principal.scope.linkId : '';
  return found(await store.familyLinkById(linkId), 'family link');
};

/** Feed tokens are in request paths: what reaches a log is their hash. */
export const hashedFeedPath = (path: string) =>
  path.replace(/\/feeds\/([^/.]+)/, (_all, token: string) => {
    const digest = createHash('sha256').update(token).digest('hex').slice(0, 16);
    return `/feeds/sha256:${digest}`;
  });

function redactingLogger(logger: ErrorLogger | undefined): ErrorLogger | undefined {
  return (
    logger && {
      error: (details, message) =>
        logger.error({ ...details, path: hashedFeedPath(details.path) }, message),
    }
  );
}

export function familyHandlers(options: FamilyRouterOptions): Handlers<typeof FAMILY_API> {
  const { store } = options;
  const site = (baseUrl: string) =>
    options.publicSiteUrl ?? baseUrl.replace(/\/api\/families$/, '');
  return {
    familyRecaps: async ({ principal, baseUrl }) => {
      const link = await linkOf(store, principal);
      const schoolClass = found(await store.getClass(link.classId), 'class');
      const school = await store.getSchool(schoolClass.schoolId);
      const term = await store.getTerm(link.termId);
      return {
        className: schoolClass.name,
        schoolName: school?.name ?? '',
        termName: term?.name ?? '',
        expiresAt: link.expiresAt,
        feedUrl: `${site(baseUrl)}/api/families/feeds/${link.feedToken}.atom`,
        recaps: await store.classRecaps(link.classId),
      };
    },
    familyMaterial: async ({ principal, params: { materialId } }) => {
      const link = await linkOf(store, principal);
      const shown = (await store.classRecaps(link.classId)).some((recap) =>
        recapMaterialIds(recap.content).has(materialId),
      );
      if (!shown) throw failure('not_found', `material ${materialId} not found`);
      return materialAnswer(found(await store.getMaterialContent(materialId), 'material'));
    },
    familyFeed: async ({ params: { token }, baseUrl }) => {
      const link = await store.familyLinkByFeedToken(token);
      if (!link) throw failure('not_found', 'flux inconnu');
      const refused = await refusal(store, link, options.now());
      if (refused) throw failure('not_found', refused);
      const schoolClass = found(await store.getClass(link.classId), 'class');
      const origin = site(baseUrl);
      const body = buildRecapAtom({
        classId: schoolClass.id,
        className: schoolClass.name,
        pageUrl: `${origin}/familles/${encodeURIComponent(schoolClass.id)}`,
        feedUrl: `${origin}/api/families/feeds/${token}.atom`,
        recaps: await store.classRecaps(link.classId),
      });
      return new FileAnswer('atom', body, {
        contentType: 'application/atom+xml; charset=utf-8',
        headers: { 'Cache-Control': 'private, max-age=300' },
      });
    },
  };
}

/** /api/families: the family page's reads and the Atom feed. */
export function createFamilyRouter(options: FamilyRouterOptions): express.Router {
  return mountApi(FAMILY_API, familyHandlers(options), {
    authenticate: familyAuthenticator(options.store, options.now),
    logger: redactingLogger(options.logger),
  });
}
