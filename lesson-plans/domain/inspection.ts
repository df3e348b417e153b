import { z } from 'zod';
import { IdSchema, InstantSchema } from './model';

/** Levels of the observation grid, from the pedagogical advisers' usual four-step scale. */
export const CriterionLevelSchema = z.enum([
  'not_observed',
  'insufficient',
  'fragile',
  'satisfactory',
  'very_good',
]);
export type CriterionLevel = z.infer<typeof CriterionLevelSchema>;

export const INSPECTION_CRITERIA = [
  { id: 'objectives', label: 'Objectives stated and reached (CEFR A1)' },
  { id: 'pupil_talk', label: 'Pupils speak English for a meaningful share of the lesson' },
  { id: 'tutor_teacher', label: 'Tutor and classroom teacher work together' },
  { id: 'pacing', label: 'Activities fit the 30 minutes and keep attention' },
  { id: 'media', label: 'Sound and picture let the class follow' },
] as const;
export type CriterionId = (typeof INSPECTION_CRITERIA)[number]['id'];
export const CriterionIdSchema = z.enum(
  INSPECTION_CRITERIA.map((criterion) => criterion.id) as [CriterionId, ...CriterionId[]],
);

export const CriteriaGradesSchema = z.partialRecord(CriterionIdSchema, CriterionLevelSchema);
export type CriteriaGrades = z.infer<typeof CriteriaGradesSchema>;

export const NewInspectionSchema = z.object({ sessionId: IdSchema }).strict();
export const InspectionGradesEditSchema = z.object({ grades: CriteriaGradesSchema }).strict();
export const InspectionNoteInputSchema = z
  .object({ text: z.string().trim().min(1).max(4000), at: InstantSchema.optional() })
  .strict();

export const InspectionNoteSchema = z.object({ at: z.string(), text: z.string() });
export type InspectionNote = z.infer<typeof InspectionNoteSchema>;

export const InspectionSchema = z.object({
  id: IdSchema,
  sessionId: IdSchema,
  inspectorId: IdSchema,
  grades: CriteriaGradesSchema,
  notes: z.array(InspectionNoteSchema),
  signedOffAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Inspection = z.infer<typeof InspectionSchema>;
