import { z } from 'zod';
import { REST_APIS } from '../contract/apis';
import { ErrorBodySchema, HTTP_STATUS_BY_CODE } from '../contract/errors';
import type { ApiSpec, RouteSpec, UploadSpec } from '../contract/define';
import { credentialKindsOf, FILE_KINDS, isPathToken } from '../contract/define';

type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;

const ERROR_REF = { $ref: '#/components/schemas/Error' };

function queryParameters(query: z.ZodObject | undefined) {
  if (!query) return [];
  return Object.entries(query.shape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: !(schema as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(schema as z.ZodType),
  }));
}

function pathParameters(route: RouteSpec) {
  const shape = (route.params?.shape ?? {}) as Record<string, z.ZodType>;
  return [...route.path.matchAll(/:([A-Za-z]+)/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    schema: shape[name] ? jsonSchema(shape[name]) : { type: 'string' },
  }));
}

function formSchema(upload: UploadSpec) {
  const schema = (upload.fields ? jsonSchema(upload.fields) : { type: 'object' }) as {
    properties?: object;
    required?: string[];
  };
  return {
    ...schema,
    properties: { ...schema.properties, file: { type: 'string', format: 'binary' } },
    required: [...(schema.required ?? []), ...(upload.rawText ? [] : ['file'])],
  };
}

function requestBody(route: RouteSpec) {
  if (route.body)
    return { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } };
  if (!route.upload) return undefined;
  const raw = Object.fromEntries(
    (route.upload.rawText ?? []).map((type) => [type, { schema: { type: 'string' } }]),
  );
  return {
    required: true,
    content: { 'multipart/form-data': { schema: formSchema(route.upload) }, ...raw },
  };
}

/** The 2xx answer: its JSON schema (as the handler's output) and/or the file types. */
function successResponse(route: RouteSpec) {
  const content: Record<string, { schema: JsonSchema }> = {};
  if (route.response.json)
    content['application/json'] = { schema: jsonSchema(route.response.json, 'output') };
  for (const kind of route.response.files ?? [])
    content[FILE_KINDS[kind]] = { schema: { type: 'string', format: 'binary', 'x-file': kind } };
  return { description: route.summary, content };
}

function errorResponses() {
  return Object.fromEntries(
    Object.entries(HTTP_STATUS_BY_CODE).map(([code, status]) => [
      String(status),
      { description: code, content: { 'application/json': { schema: ERROR_REF } } },
    ]),
  );
}

function operation(name: string, route: RouteSpec) {
  const body = requestBody(route);
  const access = isPathToken(route.access) ? undefined : route.access;
  return {
    operationId: name,
    summary: route.summary,
    security: access ? [{ bearer: [] }] : [],
    'x-capabilities': access?.capabilities ?? [],
    'x-credentials': credentialKindsOf(route.access),
    ...(access?.lesson && { 'x-lesson-binding': access.lesson }),
    parameters: [...pathParameters(route), ...queryParameters(route.query)],
    ...(body && { requestBody: body }),
    responses: { [String(route.status ?? 200)]: successResponse(route), ...errorResponses() },
  };
}

export const openApiPath = (api: ApiSpec, route: RouteSpec) =>
  api.prefix + route.path.replace(/:([A-Za-z]+)/g, '{$1}');

/**
 * The REST API as an OpenAPI 3.1 document, generated from the contract (zod 4's own JSON
 * Schema output): every route of every API with its request and response schemas, its
 * capabilities (`x-capabilities`) and the credential kinds that reach it (`x-credentials`).
 * Served at GET /api/openapi.json for school IT departments.
 */
export function restOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const api of REST_APIS) {
    for (const [name, route] of Object.entries(api.routes) as [string, RouteSpec][]) {
      const path = openApiPath(api, route);
      paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(name, route) };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Passerelle REST API', version: '2' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(ErrorBodySchema) },
    },
    paths,
  };
}
