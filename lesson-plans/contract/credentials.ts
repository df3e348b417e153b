import { z } from 'zod';
import { IdSchema } from '../domain/model';
import { defineApi, defineRoute } from './define';

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
