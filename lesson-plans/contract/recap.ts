import { z } from 'zod';
import { IdSchema, InstantSchema } from '../domain/model';
import { defineApi, defineRoute } from './define';
import { FeedTokenParamsSchema, IdParamsSchema } from './planning-schemas';

/**
 * The family recap (issue 13, item 2): what a class's families see after a lesson. Its
 * schema is the privacy rule: it has a field for each piece of the lesson's *plan* that
 * families may read (objectives, the English words as taught, activities, teaching
 * materials, an activity for home) and none for anything captured or drawn during the
 * lesson (board, pushed pictures, chat, attendance, names of pupils).
 */
export const RecapMaterialSchema = z.object({
  id: IdSchema,
  name: z.string(),
  kind: z.enum(['image', 'flashcard', 'audio']),
  mimeType: z.string(),
});
export type RecapMaterial = z.infer<typeof RecapMaterialSchema>;

export const RecapWordSchema = z.object({
  /** As taught, in English. */
  word: z.string(),
  translation: z.string(),
  /** A picture or flashcard of the plan named after the word. */
  pictureId: IdSchema.nullable(),
  /** A recording of the plan named after the word (its pronunciation). */
  audioId: IdSchema.nullable(),
});

export const HomeActivitySchema = z.string().trim().max(1000);

export const RecapContentSchema = z
  .object({
    lessonDate: InstantSchema,
    objectives: z.array(z.string()),
    vocabulary: z.array(RecapWordSchema),
    /** Titles only: the sequence (songs, games), without the tutor's working notes. */
    activities: z.array(z.string()),
    materials: z.array(RecapMaterialSchema),
    homeActivity: z.string(),
  })
  .strict();
export type RecapContent = z.infer<typeof RecapContentSchema>;

export const PublisherSchema = z.object({ role: z.enum(['tutor', 'teacher']), name: z.string() });

export const PublishedRecapSchema = z.object({
  id: IdSchema,
  sessionId: IdSchema,
  version: z.number().int().min(1),
  publishedAt: InstantSchema,
  publishedBy: PublisherSchema,
  content: RecapContentSchema,
});
export type PublishedRecap = z.infer<typeof PublishedRecapSchema>;

export const RecapAuditEntrySchema = z.object({
  action: z.enum(['publish', 'unpublish']),
  version: z.number().int(),
  at: InstantSchema,
  byUserId: z.string(),
  byRole: z.string(),
  byName: z.string(),
});
export type RecapAuditEntry = z.infer<typeof RecapAuditEntrySchema>;

export const PublishRecapSchema = z.object({ homeActivity: HomeActivitySchema }).strict();

export const FamilyLinkSchema = z.object({
  classId: IdSchema,
  /** The page; its key is in the fragment, which browsers never send. */
  url: z.string(),
  /** The Atom feed: a capability URL, for feed readers that cannot send a header. */
  feedUrl: z.string(),
  termName: z.string(),
  expiresAt: InstantSchema,
});
export type FamilyLink = z.infer<typeof FamilyLinkSchema>;

const recapParams = IdParamsSchema;
const publishAccess = { capabilities: ['recap.publish'] } as const;
const linkAccess = { capabilities: ['family-link.manage'] } as const;

/** /api/planning routes of the recap: preview, publish, unpublish, audit; the family link. */
export const RECAP_ROUTES = {
  previewRecap: defineRoute({
    method: 'GET',
    path: '/sessions/:id/recap/preview',
    summary: "What publishing would show families: the lesson plan's content only",
    params: recapParams,
    response: { json: z.object({ content: RecapContentSchema }) },
    access: publishAccess,
  }),
  publishRecap: defineRoute({
    method: 'POST',
    path: '/sessions/:id/recap',
    summary: 'Publish (or re-publish, as a new version) the recap of a started or finished lesson',
    params: recapParams,
    body: PublishRecapSchema,
    status: 201,
    response: { json: z.object({ recap: PublishedRecapSchema }) },
    access: publishAccess,
  }),
  unpublishRecap: defineRoute({
    method: 'DELETE',
    path: '/sessions/:id/recap',
    summary: "Withdraw a lesson's recap from its families (recorded)",
    params: recapParams,
    response: { json: z.object({ unpublished: z.number().int() }) },
    access: publishAccess,
  }),
  recapAudit: defineRoute({
    method: 'GET',
    path: '/sessions/:id/recap/audit',
    summary: "The lesson's recap: the published version, and who published or withdrew what, when",
    params: recapParams,
    response: {
      json: z.object({
        current: PublishedRecapSchema.nullable(),
        audit: z.array(RecapAuditEntrySchema),
      }),
    },
    access: publishAccess,
  }),
  issueFamilyLink: defineRoute({
    method: 'POST',
    path: '/classes/:id/family-link',
    summary: "Issue the class's family link for the current term; the previous one is refused",
    params: IdParamsSchema,
    status: 201,
    response: { json: FamilyLinkSchema },
    access: linkAccess,
  }),
  revokeFamilyLink: defineRoute({
    method: 'DELETE',
    path: '/classes/:id/family-link',
    summary: "Revoke the class's family link (page and feed)",
    params: IdParamsSchema,
    response: { json: z.object({ revoked: z.number().int() }) },
    access: linkAccess,
  }),
} as const;

export const FamilyRecapsSchema = z.object({
  className: z.string(),
  schoolName: z.string(),
  termName: z.string(),
  expiresAt: InstantSchema,
  feedUrl: z.string(),
  /** Newest lesson first. */
  recaps: z.array(PublishedRecapSchema),
});
export type FamilyRecaps = z.infer<typeof FamilyRecapsSchema>;

export const FamilyMaterialParamsSchema = z.object({ materialId: IdSchema });

/**
 * /api/families: the families' side. Only a family key authenticates here, sent by the
 * page in the Authorization header; the Atom feed alone carries its token in its path.
 */
export const FAMILY_API = defineApi({
  prefix: '/api/families',
  authenticates: ['family'],
  routes: {
    familyRecaps: defineRoute({
      method: 'GET',
      path: '/recaps',
      summary: "The class's published recaps, newest lesson first",
      response: { json: FamilyRecapsSchema },
      access: { capabilities: ['recap.read'], person: false, family: true },
    }),
    familyMaterial: defineRoute({
      method: 'GET',
      path: '/materials/:materialId/content',
      summary: 'A picture or recording that one of the class’s published recaps shows',
      params: FamilyMaterialParamsSchema,
      response: { files: ['material'] },
      access: { capabilities: ['recap.read'], person: false, family: true },
    }),
    familyFeed: defineRoute({
      method: 'GET',
      path: '/feeds/:token.atom',
      summary: "The class's recaps as an Atom feed (no header auth; 404 once revoked or expired)",
      params: FeedTokenParamsSchema,
      response: { files: ['atom'] },
      access: { pathToken: 'token' },
    }),
  },
});
