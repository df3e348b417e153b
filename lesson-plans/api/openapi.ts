import { z } from 'zod';
import { errorCodeSchema, HTTP_STATUS_BY_CODE } from '../contract/errors';
import {
  InspectionGradesEditSchema,
  InspectionNoteInputSchema,
  NewInspectionSchema,
} from '../domain/inspection';
import { NewPlanTemplateSchema, PlanEditSchema } from '../domain/lesson-plan';
import {
  InspectorSchema,
  NewWeeklySlotSchema,
  SchoolClassSchema,
  SchoolSchema,
  TutorSchema,
} from '../domain/model';
import { HolidayQuerySchema, ImportQuerySchema, SchoolYearInputSchema } from './directory-routes';
import { FeedRequestSchema } from './feed-routes';
import { ExportQuerySchema, ListQuerySchema, ReportQuerySchema } from './inspection-routes';
import { ApplyTemplateSchema, MaterialFieldsSchema } from './plan-routes';
import { PLANNING_ROUTES, type DeclaredRoute } from './route-access';
import {
  MoveSchema,
  SessionQuerySchema,
  SlotCheckSchema,
  SlotQuerySchema,
  SlotReplacementSchema,
  StateSchema,
  TzQuerySchema,
} from './schedule-routes';

interface RouteInput {
  body?: z.ZodType;
  /** multipart/form-data fields (the file rides as `file`). */
  form?: z.ZodObject;
  query?: z.ZodObject;
}

/** The request schemas the handlers parse, by route: the same zod objects, not copies. */
const INPUTS: Record<string, RouteInput> = {
  'POST /schools': { body: SchoolSchema },
  'POST /classes': { body: SchoolClassSchema },
  'POST /tutors': { body: TutorSchema },
  'POST /inspectors': { body: InspectorSchema },
  'POST /school-years': { body: SchoolYearInputSchema },
  'GET /holidays': { query: HolidayQuerySchema },
  'POST /holidays/import': { query: ImportQuerySchema },
  'POST /feeds': { body: FeedRequestSchema },
  'GET /inspections': { query: ListQuerySchema },
  'POST /inspections': { body: NewInspectionSchema },
  'PATCH /inspections/:id': { body: InspectionGradesEditSchema },
  'POST /inspections/:id/notes': { body: InspectionNoteInputSchema },
  'GET /inspections/:id/export': { query: ExportQuerySchema },
  'GET /reports/:kind': { query: ReportQuerySchema },
  'PUT /sessions/:id/plan': { body: PlanEditSchema },
  'POST /sessions/:id/plan/apply-template': { body: ApplyTemplateSchema },
  'POST /materials': { form: MaterialFieldsSchema },
  'POST /templates': { body: NewPlanTemplateSchema },
  'GET /slots': { query: SlotQuerySchema },
  'POST /slots/check': { body: SlotCheckSchema },
  'POST /slots': { body: NewWeeklySlotSchema },
  'PUT /slots/:id': { body: SlotReplacementSchema },
  'GET /sessions': { query: SessionQuerySchema },
  'GET /sessions/:id': { query: TzQuerySchema },
  'POST /sessions/:id/move': { body: MoveSchema },
  'POST /sessions/:id/state': { body: StateSchema },
  'GET /classes/:id/current-session': { query: TzQuerySchema },
};

const ErrorBodySchema = z.object({
  error: z.object({ code: errorCodeSchema, message: z.string(), details: z.unknown().optional() }),
});

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

function credentialsOf(route: DeclaredRoute): string[] {
  return [
    'person',
    ...(route.device ? ['classroom device'] : []),
    ...(route.lesson ? ['lesson'] : []),
  ];
}

function queryParameters(query: z.ZodObject | undefined) {
  if (!query) return [];
  return Object.entries(query.shape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: !(schema as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(schema as z.ZodType),
  }));
}

function operation(route: DeclaredRoute) {
  const input = INPUTS[`${route.method} ${route.path}`] ?? {};
  const pathParameters = [...route.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const errors = Object.fromEntries(
    Object.entries(HTTP_STATUS_BY_CODE).map(([code, status]) => [
      String(status),
      {
        description: code,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
  const body = input.body
    ? { content: { 'application/json': { schema: jsonSchema(input.body) } } }
    : input.form
      ? { content: { 'multipart/form-data': { schema: formSchema(input.form) } } }
      : undefined;
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    security: [{ bearer: [] }],
    'x-capabilities': route.capabilities,
    'x-credentials': credentialsOf(route),
    parameters: [...pathParameters, ...queryParameters(input.query)],
    ...(body && { requestBody: { required: true, ...body } }),
    responses: { '200': { description: 'success' }, ...errors },
  };
}

function formSchema(fields: z.ZodObject) {
  const schema = jsonSchema(fields) as { properties?: object; required?: string[] };
  return {
    ...schema,
    properties: { ...schema.properties, file: { type: 'string', format: 'binary' } },
    required: [...(schema.required ?? []), 'file'],
  };
}

/**
 * The REST API as an OpenAPI 3.1 document, generated from the route table and the
 * zod schemas the handlers parse with (zod 4's own JSON Schema output), served at
 * GET /api/openapi.json for school IT departments. Response bodies are not described
 * yet: only their error shape is.
 */
export function planningOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of PLANNING_ROUTES) {
    const path = '/api/planning' + route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  paths['/api/planning/feeds/{token}.ics'] = {
    get: {
      operationId: 'getFeed',
      security: [],
      parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'text/calendar' }, '404': { description: 'not_found' } },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Passerelle REST API', version: '1' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(ErrorBodySchema) },
    },
    paths,
  };
}
