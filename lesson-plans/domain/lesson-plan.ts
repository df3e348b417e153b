import { z } from 'zod';
import { ClassLevelSchema, IdSchema, LESSON_DURATION_MINUTES } from './model';

const ShortTextSchema = z.string().trim().min(1).max(300);

export const VocabularyItemSchema = z.object({
  word: z.string().trim().min(1).max(80),
  translation: z.string().trim().max(80).default(''),
});

export const ActivitySchema = z.object({
  title: ShortTextSchema,
  minutes: z.number().int().min(1).max(LESSON_DURATION_MINUTES),
  description: z.string().max(2000).default(''),
});
export type Activity = z.infer<typeof ActivitySchema>;

/** The sequence must fit the lesson, or the tutor runs out of time in front of 25 pupils. */
export const ActivitiesSchema = z
  .array(ActivitySchema)
  .max(12)
  .refine(
    (activities) =>
      activities.reduce((total, activity) => total + activity.minutes, 0) <=
      LESSON_DURATION_MINUTES,
    { message: `activities must fit in ${LESSON_DURATION_MINUTES} minutes` },
  );

export const PlanContentSchema = z.object({
  /** CEFR A1 can-do statements, e.g. "I can say my name and age". */
  objectives: z.array(z.string().trim().min(3).max(300)).max(8),
  vocabulary: z.array(VocabularyItemSchema).max(40),
  activities: ActivitiesSchema,
  materialIds: z.array(IdSchema).max(30),
  handoverNote: z.string().max(4000).nullable(),
});
export type PlanContent = z.infer<typeof PlanContentSchema>;

export const PlanEditSchema = PlanContentSchema.partial()
  .extend({
    /** Optimistic lock: tutor and teacher edit the same plan from two countries. */
    expectedVersion: z.number().int().min(0),
  })
  .strict();
export type PlanEdit = z.infer<typeof PlanEditSchema>;

export const EMPTY_PLAN: PlanContent = {
  objectives: [],
  vocabulary: [],
  activities: [],
  materialIds: [],
  handoverNote: null,
};

export const EditorRefSchema = z.object({ userId: z.string(), role: z.string(), name: z.string() });
export type EditorRef = z.infer<typeof EditorRefSchema>;

/** Answers are described with the request schemas' shapes, without their write-time limits. */
export const LessonPlanSchema = z.object({
  sessionId: IdSchema,
  objectives: z.array(z.string()),
  vocabulary: z.array(z.object({ word: z.string(), translation: z.string() })),
  activities: z.array(
    z.object({ title: z.string(), minutes: z.number(), description: z.string() }),
  ),
  materialIds: z.array(IdSchema),
  handoverNote: z.string().nullable(),
  version: z.number().int().min(0),
  updatedAt: z.string().nullable(),
  updatedBy: EditorRefSchema.nullable(),
});
export type LessonPlan = z.infer<typeof LessonPlanSchema>;

export const PlanFieldChangeSchema = z.object({
  field: PlanContentSchema.keyof(),
  before: z.unknown(),
  after: z.unknown(),
});
export type PlanFieldChange = z.infer<typeof PlanFieldChangeSchema>;

export const PlanHistoryEntrySchema = z.object({
  sessionId: IdSchema,
  version: z.number().int(),
  changedAt: z.string(),
  changedBy: EditorRefSchema,
  changes: z.array(PlanFieldChangeSchema),
});
export type PlanHistoryEntry = z.infer<typeof PlanHistoryEntrySchema>;

export const MATERIAL_MIME_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'application/pdf',
] as const;
export const MATERIAL_MAX_BYTES = 5 * 1024 * 1024;
export const MaterialKindSchema = z.enum(['image', 'flashcard', 'audio', 'document']);

export const NewMaterialSchema = z.object({
  name: ShortTextSchema,
  kind: MaterialKindSchema,
  mimeType: z.enum(MATERIAL_MIME_TYPES),
});
export type NewMaterial = z.infer<typeof NewMaterialSchema>;

export const MaterialSchema = NewMaterialSchema.extend({
  id: IdSchema,
  name: z.string(),
  sizeBytes: z.number().int().min(0),
  sha256: z.string(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
export type Material = z.infer<typeof MaterialSchema>;

export const NewPlanTemplateSchema = z.object({
  name: ShortTextSchema,
  level: ClassLevelSchema.nullable().default(null),
  fromSessionId: IdSchema,
});

export const PlanTemplateSchema = LessonPlanSchema.pick({
  objectives: true,
  vocabulary: true,
  activities: true,
  materialIds: true,
}).extend({
  id: IdSchema,
  name: z.string(),
  level: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type PlanTemplate = z.infer<typeof PlanTemplateSchema>;
