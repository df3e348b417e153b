import { z } from 'zod';
import {
  LessonPlanSchema,
  MATERIAL_MAX_BYTES,
  MaterialSchema,
  NewMaterialSchema,
  NewPlanTemplateSchema,
  PlanEditSchema,
  PlanHistoryEntrySchema,
  PlanTemplateSchema,
} from '../domain/lesson-plan';
import {
  IdSchema,
  LessonSessionSchema,
  NewWeeklySlotSchema,
  SchoolClassSchema,
  WeeklySlotSchema,
} from '../domain/model';
import { ConflictSchema, SessionViewSchema, SlotOccurrenceSchema } from '../domain/schedule-views';
import { defineRoute } from './define';
import {
  ApplyTemplateSchema,
  IdParamsSchema,
  JoinLinkSchema,
  MoveSchema,
  SessionMaterialParamsSchema,
  SessionQuerySchema,
  SlotCheckSchema,
  SlotQuerySchema,
  SlotReplacementSchema,
  StateSchema,
  TzQuerySchema,
} from './planning-schemas';

export const MaterialFieldsSchema = NewMaterialSchema.omit({ mimeType: true });

const readPlans = { capabilities: ['plan.read'] } as const;
const writePlans = { capabilities: ['plan.write'] } as const;
const readSchedule = { capabilities: ['schedule.read'] } as const;
const writeSchedule = { capabilities: ['schedule.write'] } as const;
const planAnswer = { json: z.object({ plan: LessonPlanSchema }) } as const;
const sessionAnswer = { json: z.object({ session: LessonSessionSchema }) } as const;

/** Lesson plans, their history, materials and templates. */
export const PLAN_ROUTES = {
  getPlan: defineRoute({
    method: 'GET',
    path: '/sessions/:id/plan',
    summary: "A lesson's plan",
    params: IdParamsSchema,
    response: planAnswer,
    access: { ...readPlans, lesson: 'session-param', device: true },
  }),
  editPlan: defineRoute({
    method: 'PUT',
    path: '/sessions/:id/plan',
    summary: "Edit a lesson's plan (expectedVersion guards concurrent edits)",
    params: IdParamsSchema,
    body: PlanEditSchema,
    response: planAnswer,
    access: {
      ...writePlans,
      lesson: 'session-param',
      lessonBody: ['handoverNote', 'expectedVersion'],
    },
  }),
  planHistory: defineRoute({
    method: 'GET',
    path: '/sessions/:id/plan/history',
    summary: "A plan's change history",
    params: IdParamsSchema,
    response: { json: z.object({ history: z.array(PlanHistoryEntrySchema) }) },
    access: readPlans,
  }),
  applyTemplate: defineRoute({
    method: 'POST',
    path: '/sessions/:id/plan/apply-template',
    summary: 'Fill a plan from a template',
    params: IdParamsSchema,
    body: ApplyTemplateSchema,
    response: planAnswer,
    access: writePlans,
  }),
  sessionMaterials: defineRoute({
    method: 'GET',
    path: '/sessions/:id/materials',
    summary: "The materials a lesson's plan references",
    params: IdParamsSchema,
    response: { json: z.object({ materials: z.array(MaterialSchema) }) },
    access: { ...readPlans, lesson: 'session-param', device: true },
  }),
  sessionMaterialContent: defineRoute({
    method: 'GET',
    path: '/sessions/:id/materials/:materialId/content',
    summary: "The bytes of one material the lesson's plan references",
    params: SessionMaterialParamsSchema,
    response: { files: ['material'] },
    access: { ...readPlans, lesson: 'session-param', device: true },
  }),
  listMaterials: defineRoute({
    method: 'GET',
    path: '/materials',
    summary: 'Every material',
    response: { json: z.object({ materials: z.array(MaterialSchema) }) },
    access: readPlans,
  }),
  uploadMaterial: defineRoute({
    method: 'POST',
    path: '/materials',
    summary: 'Upload a material (type read from the bytes; 5 MB; 100 MB per uploader)',
    upload: { fields: MaterialFieldsSchema, maxBytes: MATERIAL_MAX_BYTES },
    status: 201,
    response: { json: z.object({ material: MaterialSchema }) },
    access: writePlans,
  }),
  materialContent: defineRoute({
    method: 'GET',
    path: '/materials/:id/content',
    summary: "A material's bytes (nosniff, sandbox CSP)",
    params: IdParamsSchema,
    response: { files: ['material'] },
    access: readPlans,
  }),
  listTemplates: defineRoute({
    method: 'GET',
    path: '/templates',
    summary: 'Plan templates',
    response: { json: z.object({ templates: z.array(PlanTemplateSchema) }) },
    access: readPlans,
  }),
  createTemplate: defineRoute({
    method: 'POST',
    path: '/templates',
    summary: "Save a lesson's plan as a template",
    body: NewPlanTemplateSchema,
    status: 201,
    response: { json: z.object({ template: PlanTemplateSchema }) },
    access: writePlans,
  }),
} as const;

const SlotWriteSchema = z.object({ slot: WeeklySlotSchema, sessions: z.number().int() });

/** Weekly slots, lesson sessions and join links. */
export const SCHEDULE_ROUTES = {
  listSlots: defineRoute({
    method: 'GET',
    path: '/slots',
    summary: 'Weekly slots',
    query: SlotQuerySchema,
    response: { json: z.object({ slots: z.array(WeeklySlotSchema) }) },
    access: readSchedule,
  }),
  checkSlot: defineRoute({
    method: 'POST',
    path: '/slots/check',
    summary: 'The conflicts and lessons a slot would have; nothing is written',
    body: SlotCheckSchema,
    response: {
      json: z.object({
        ok: z.boolean(),
        conflicts: z.array(ConflictSchema),
        lessons: z.number().int(),
        skipped: z.array(SlotOccurrenceSchema),
      }),
    },
    access: writeSchedule,
  }),
  createSlot: defineRoute({
    method: 'POST',
    path: '/slots',
    summary: 'Add a weekly slot (409 with its conflicts)',
    body: NewWeeklySlotSchema,
    status: 201,
    response: { json: SlotWriteSchema },
    access: writeSchedule,
  }),
  replaceSlot: defineRoute({
    method: 'PUT',
    path: '/slots/:id',
    summary: 'Replace a slot atomically under a new id',
    params: IdParamsSchema,
    body: SlotReplacementSchema,
    response: {
      json: SlotWriteSchema.extend({
        replacedSlotId: IdSchema,
        cancelledSessionIds: z.array(IdSchema),
      }),
    },
    access: writeSchedule,
  }),
  deleteSlot: defineRoute({
    method: 'DELETE',
    path: '/slots/:id',
    summary: 'Retire a slot; its upcoming lessons are cancelled',
    params: IdParamsSchema,
    response: { json: z.object({ slotId: IdSchema, cancelledSessionIds: z.array(IdSchema) }) },
    access: writeSchedule,
  }),
  listSessions: defineRoute({
    method: 'GET',
    path: '/sessions',
    summary: 'Lessons in your scope',
    query: SessionQuerySchema,
    response: { json: z.object({ timeZone: z.string(), sessions: z.array(SessionViewSchema) }) },
    access: readSchedule,
  }),
  getSession: defineRoute({
    method: 'GET',
    path: '/sessions/:id',
    summary: 'One lesson',
    params: IdParamsSchema,
    query: TzQuerySchema,
    response: { json: z.object({ session: SessionViewSchema }) },
    access: readSchedule,
  }),
  moveSession: defineRoute({
    method: 'POST',
    path: '/sessions/:id/move',
    summary: 'Move one lesson',
    params: IdParamsSchema,
    body: MoveSchema,
    response: sessionAnswer,
    access: writeSchedule,
  }),
  setSessionState: defineRoute({
    method: 'POST',
    path: '/sessions/:id/state',
    summary: 'Cancel, mark live/done (inside the lesson window) or revert (coordinator)',
    params: IdParamsSchema,
    body: StateSchema,
    response: sessionAnswer,
    access: { capabilities: ['session.run', 'schedule.write'] },
  }),
  joinLinks: defineRoute({
    method: 'POST',
    path: '/sessions/:id/join-links',
    summary: 'Join links for the role you play in the lesson',
    params: IdParamsSchema,
    response: { json: z.object({ links: z.array(JoinLinkSchema) }) },
    access: { capabilities: ['session.join'] },
  }),
  currentSession: defineRoute({
    method: 'GET',
    path: '/classes/:id/current-session',
    summary: "A class's current or next lesson",
    params: IdParamsSchema,
    query: TzQuerySchema,
    response: {
      json: z.object({
        session: SessionViewSchema,
        tutor: z.object({ id: IdSchema, name: z.string() }),
        classes: z.array(SchoolClassSchema),
      }),
    },
    access: readSchedule,
  }),
} as const;
