import { z } from 'zod';
import { IdSchema } from '../domain/model';
import { defineApi, defineRoute } from './define';

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
