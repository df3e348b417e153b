import type { z } from 'zod';
import type { Capability, CredentialKind } from './capabilities';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How a lesson token's one lesson is found in a request it may make: the `:id` of a
 * /sessions path, the inspection named by the path, or `sessionId` in the body or query.
 */
export type LessonBinding = 'session-param' | 'inspection-param' | 'session-body' | 'session-query';

/** Who may call a route that takes a bearer credential in the Authorization header. */
export interface BearerAccess {
  /** The principal needs one of these; the handler narrows further when the body decides. */
  capabilities: readonly [Capability, ...Capability[]];
  /** Reachable by a person's API token; true unless said otherwise. */
  person?: boolean;
  /** Reachable with a lesson page's token, for that lesson only. */
  lesson?: LessonBinding;
  /** Body fields a lesson token may send (the tutor's handover note), when narrower. */
  lessonBody?: readonly string[];
  /** Reachable with a classroom whiteboard's key (its own class's lessons). */
  device?: true;
  /** Reachable with a class's family key (its own class's published recaps). */
  family?: true;
  /** Reachable with a pupil key (its exchange for a lesson token, nothing else). */
  pupil?: true;
}

/** A route whose credential is an unguessable token in its path (calendar apps send no header). */
export interface PathTokenAccess {
  pathToken: string;
}

export type RouteAccess = BearerAccess | PathTokenAccess;

/** Bodies that are not JSON, by what they are; each has its content type. */
export const FILE_KINDS = {
  csv: 'text/csv',
  markdown: 'text/markdown',
  json: 'application/json',
  ics: 'text/calendar',
  atom: 'application/atom+xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  material: 'application/octet-stream',
} as const;
export type FileKind = keyof typeof FILE_KINDS;

/** A 2xx answer: a JSON body described by a schema, and/or files of the kinds listed. */
export type ResponseSpec =
  | { json: z.ZodType; files?: readonly FileKind[] }
  | { json?: undefined; files: readonly [FileKind, ...FileKind[]] };

/** A multipart/form-data upload: its text fields, and one file in the field `file`. */
export interface UploadSpec {
  fields?: z.ZodObject;
  maxBytes: number;
  /** Content types also accepted as the raw body instead of a form (e.g. text/calendar). */
  rawText?: readonly string[];
}

export interface RouteSpec {
  method: Method;
  /** Express path relative to the API's prefix, e.g. /sessions/:id/plan. */
  path: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  upload?: UploadSpec;
  response: ResponseSpec;
  /** The success status; 200 unless the route creates something. */
  status?: 200 | 201;
  access: RouteAccess;
}

/** One API: a prefix, the credential kinds it authenticates at all, and its routes. */
export interface ApiSpec<R extends Record<string, RouteSpec> = Record<string, RouteSpec>> {
  prefix: string;
  /** A valid credential of another kind is refused as `unauthenticated` here. */
  authenticates: readonly CredentialKind[];
  routes: R;
}

/** Keeps each route's literal types, so handlers and the client are typed from them. */
export const defineRoute = <const R extends RouteSpec>(route: R): R => route;
export const defineApi = <const R extends Record<string, RouteSpec>>(api: ApiSpec<R>) => api;

export const isPathToken = (access: RouteAccess): access is PathTokenAccess =>
  'pathToken' in access;

/** The credential kinds that reach a route, as the table says. */
export function credentialKindsOf(access: RouteAccess): CredentialKind[] | 'path-token' {
  if (isPathToken(access)) return 'path-token';
  return [
    ...(access.person === false ? [] : (['person'] as const)),
    ...(access.device ? (['device'] as const) : []),
    ...(access.lesson ? (['lesson'] as const) : []),
    ...(access.family ? (['family'] as const) : []),
    ...(access.pupil ? (['pupil'] as const) : []),
  ];
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
type InferInput<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What the handler of a route receives, parsed by its schemas. */
export interface RouteInput<R extends RouteSpec> {
  params: Infer<R['params']>;
  query: Infer<R['query']>;
  body: R['upload'] extends UploadSpec ? Infer<R['upload']['fields']> : Infer<R['body']>;
}

/** What the client parses out of a JSON answer. */
export type RouteResult<R extends RouteSpec> = R['response'] extends {
  json: infer J extends z.ZodType;
}
  ? z.output<J>
  : never;

/** What the client sends: the schemas' input types (defaults may be left out). */
export interface RouteRequest<R extends RouteSpec> {
  params: InferInput<R['params']>;
  query: InferInput<R['query']>;
  body: R['upload'] extends UploadSpec ? InferInput<R['upload']['fields']> : InferInput<R['body']>;
}
