/*
 * The one typed client of the REST contract (lesson-plans/contract): every call is
 * typed from its route's schemas, and every answer is parsed with the route's response
 * schema, so an answer outside the contract is an error, never a silent cast.
 */
import type {
  ApiSpec,
  RouteRequest,
  RouteResult,
  RouteSpec,
  UploadSpec,
} from '../../../lesson-plans/contract/define';
import {
  ErrorBodySchema,
  HTTP_STATUS_BY_CODE,
  type ErrorCode,
} from '../../../lesson-plans/contract/errors';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The request parts a route has (params, query, body), plus the file of an upload. */
type Present<T> = { [K in keyof T as T[K] extends undefined ? never : K]: T[K] };
export type CallInput<R extends RouteSpec> = Present<RouteRequest<R>> &
  (R['upload'] extends UploadSpec ? { file?: Blob; text?: string } : unknown);
type CallArgs<R extends RouteSpec> = keyof Present<RouteRequest<R>> extends never
  ? [input?: CallInput<R>, init?: CallOptions]
  : [input: CallInput<R>, init?: CallOptions];

export interface CallOptions {
  signal?: AbortSignal;
}

type RoutesOf<A extends ApiSpec> = A['routes'];

export interface ApiClient<A extends ApiSpec> {
  /** Calls a JSON route and answers its parsed result. */
  call<K extends keyof RoutesOf<A> & string>(
    name: K,
    ...args: CallArgs<RoutesOf<A>[K]>
  ): Promise<RouteResult<RoutesOf<A>[K]>>;
  /** Calls a route that answers a file (CSV, XLSX, a material…) and answers its bytes. */
  file<K extends keyof RoutesOf<A> & string>(
    name: K,
    ...args: CallArgs<RoutesOf<A>[K]>
  ): Promise<Blob>;
}

const STATUS_CODES = new Map(
  Object.entries(HTTP_STATUS_BY_CODE).map(([code, status]) => [status, code as ErrorCode]),
);

/** An error answer as a typed ApiError; a body outside the error shape keeps the status's code. */
async function apiError(response: Response): Promise<ApiError> {
  const parsed = ErrorBodySchema.safeParse(await response.json().catch(() => null));
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, details);
  }
  const code = STATUS_CODES.get(response.status) ?? 'internal';
  return new ApiError(response.status, code, response.statusText || code);
}

function pathOf(route: RouteSpec, params: Record<string, string> | undefined): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) =>
    encodeURIComponent(params?.[name] ?? ''),
  );
}

function queryOf(query: Record<string, unknown> | undefined): string {
  const entries = Object.entries(query ?? {}).filter(
    (entry): entry is [string, string | number | boolean] =>
      entry[1] !== undefined && entry[1] !== null && entry[1] !== '',
  );
  if (entries.length === 0) return '';
  return '?' + new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString();
}

interface RawInput {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  file?: Blob;
  text?: string;
}

function bodyOf(route: RouteSpec, input: RawInput, headers: Headers): BodyInit | undefined {
  if (route.upload) {
    if (input.text !== undefined && route.upload.rawText?.[0]) {
      headers.set('content-type', route.upload.rawText[0]);
      return input.text;
    }
    const form = new FormData();
    for (const [key, value] of Object.entries((input.body ?? {}) as Record<string, unknown>))
      form.set(key, String(value));
    if (input.file) form.set('file', input.file);
    return form;
  }
  if (route.method === 'GET' || route.method === 'DELETE') return undefined;
  headers.set('content-type', 'application/json');
  return JSON.stringify(input.body ?? {});
}

/**
 * A client of one API of the contract with one bearer credential, sent in the
 * Authorization header only (never in a URL, which reaches logs and history).
 */
export function createApiClient<A extends ApiSpec>(
  api: A,
  credential: string,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): ApiClient<A> {
  const send = async (name: string, input: RawInput = {}, options: CallOptions = {}) => {
    const route = (api.routes as Record<string, RouteSpec>)[name];
    if (!route) throw new Error(`no route ${name} in ${api.prefix}`);
    const headers = new Headers({ authorization: `Bearer ${credential}` });
    const url = api.prefix + pathOf(route, input.params) + queryOf(input.query);
    const body = bodyOf(route, input, headers);
    const response = await fetchImpl(url, { method: route.method, headers, body, ...options });
    if (!response.ok) throw await apiError(response);
    return { route, response };
  };
  return {
    async call(name, ...[input, options]) {
      const { route, response } = await send(name, input as RawInput, options);
      const schema = route.response.json;
      if (!schema) throw new Error(`${name} answers a file; use file()`);
      const parsed = schema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success)
        throw new ApiError(response.status, 'internal', `${name}: answer outside the contract`, {
          issues: parsed.error.issues,
        });
      return parsed.data as never;
    },
    async file(name, ...[input, options]) {
      const { response } = await send(name, input as RawInput, options);
      return response.blob();
    },
  };
}
