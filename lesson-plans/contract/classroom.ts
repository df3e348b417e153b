import { z } from 'zod';
import { IdSchema } from '../domain/model';
import { defineApi, defineRoute } from './define';
import { CheckTokenSchema, readinessRecordSchema, readinessReportSchema } from './readiness';

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
  /** When this whiteboard last ran the network readiness check (it re-runs it before lessons). */
  lastCheckAt: z.string().nullable(),
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
    readinessToken: defineRoute({
      method: 'POST',
      path: '/readiness/token',
      summary: 'A short-lived check token for the network readiness check (probing only)',
      response: { json: CheckTokenSchema },
      status: 201,
      access: { capabilities: ['readiness.check'], person: false, device: true },
    }),
    saveReadiness: defineRoute({
      method: 'POST',
      path: '/readiness',
      summary: "Stores this whiteboard's readiness result (its own class only)",
      body: readinessReportSchema,
      response: { json: readinessRecordSchema },
      status: 201,
      access: { capabilities: ['readiness.check'], person: false, device: true },
    }),
  },
});
