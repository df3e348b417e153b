import { z } from 'zod';
import { IdSchema } from '../domain/model';
import { defineApi, defineRoute } from './define';
import { DIRECTORY_ROUTES, INSPECTION_ROUTES } from './planning-directory';
import { PLAN_ROUTES, SCHEDULE_ROUTES } from './planning-lessons';

/** /api/planning: everything the planning screens, lesson pages and whiteboards read and write. */
export const PLANNING_API = defineApi({
  prefix: '/api/planning',
  authenticates: ['person', 'device', 'lesson'],
  routes: { ...DIRECTORY_ROUTES, ...INSPECTION_ROUTES, ...PLAN_ROUTES, ...SCHEDULE_ROUTES },
});

export const ClassroomLessonSchema = z.object({
  className: z.string(),
  lesson: z
    .object({
      sessionId: IdSchema,
      startsAt: z.string(),
      endsAt: z.string(),
      tutorName: z.string().nullable(),
      joinOpensAt: z.string(),
    })
    .nullable(),
  /** Present once the lesson is about to start. */
  joinUrl: z.string().nullable(),
});
export type ClassroomLesson = z.infer<typeof ClassroomLessonSchema>;

/** /api/classroom: the whiteboard's permanent link. Only its own key is a credential here. */
export const CLASSROOM_API = defineApi({
  prefix: '/api/classroom',
  authenticates: ['device'],
  routes: {
    classroomLesson: defineRoute({
      method: 'GET',
      path: '/lesson',
      summary: "The class's current or next lesson, with a join link once it is about to start",
      response: { json: ClassroomLessonSchema },
      access: { capabilities: ['plan.read'], person: false, device: true },
    }),
  },
});

const SubjectParamsSchema = z.object({ id: IdSchema });

/** /api/credentials: issuing, rotating and revoking. Only a person's own API token counts. */
export const CREDENTIALS_API = defineApi({
  prefix: '/api/credentials',
  authenticates: ['person'],
  routes: {
    rotateClassroomKey: defineRoute({
      method: 'POST',
      path: '/classrooms/:id/key',
      summary: "Issue a class's whiteboard key; every older key of the class is refused",
      params: SubjectParamsSchema,
      status: 201,
      response: {
        json: z.object({
          key: z.string(),
          classId: IdSchema,
          version: z.number().int(),
          expiresAt: z.string(),
          url: z.string(),
        }),
      },
      access: { capabilities: ['classroom-key.manage'] },
    }),
    revokeClassroomKey: defineRoute({
      method: 'DELETE',
      path: '/classrooms/:id/key',
      summary: "Revoke a class's whiteboard key",
      params: SubjectParamsSchema,
      response: { json: z.object({ classId: IdSchema, version: z.number().int() }) },
      access: { capabilities: ['classroom-key.manage'] },
    }),
    revokePersonTokens: defineRoute({
      method: 'DELETE',
      path: '/people/:id/tokens',
      summary: "Revoke a person's API tokens (your own; the coordinator anyone's)",
      params: SubjectParamsSchema,
      response: { json: z.object({ subject: IdSchema, version: z.number().int() }) },
      access: { capabilities: ['token.revoke'] },
    }),
  },
});

/** Every REST API of Passerelle, each declared once. */
export const REST_APIS = [PLANNING_API, CLASSROOM_API, CREDENTIALS_API] as const;
