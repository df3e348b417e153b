import { z } from 'zod';
import { idSchema } from './ids';
import { dtlsParametersSchema, iceCandidateSchema, iceParametersSchema } from './media';
import type { Capability } from './roles';

/** One request of the wire: its payload schema, its response schema and the capability it needs. */
export function request<Req extends z.ZodType, Res extends z.ZodType>(
  requestSchema: Req,
  responseSchema: Res,
  capability: Capability,
) {
  return { request: requestSchema, response: responseSchema, capability } as const;
}

/** What a browser needs to open a transport towards the media server. */
export const transportOptionsSchema = z.object({
  id: idSchema,
  iceParameters: iceParametersSchema,
  iceCandidates: z.array(iceCandidateSchema),
  dtlsParameters: dtlsParametersSchema,
});

export const emptyRequest = z.object({}).strict();
export const okResponse = z.object({});
