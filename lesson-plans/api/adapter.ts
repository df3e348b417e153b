import express from 'express';
import multer from 'multer';
import type { z } from 'zod';
import type {
  ApiSpec,
  BearerAccess,
  FileKind,
  PathTokenAccess,
  RouteInput,
  RouteSpec,
  UploadSpec,
} from '../contract/define';
import { FILE_KINDS, isPathToken } from '../contract/define';
import type { Principal } from '../domain/model';
import { checkAccess, credentialKind, type InspectionLookup } from './gate';
import { errorHandlerFor, failure, parseInput, sendError } from './http';
import type { ErrorLogger } from './router-types';

/** A non-JSON answer: which declared kind it is, and its bytes. */
export class FileAnswer {
  constructor(
    readonly kind: FileKind,
    readonly body: string | Uint8Array,
    readonly options: {
      /** Overrides the kind's content type (e.g. a material's sniffed type). */
      contentType?: string;
      /** Sent as an attachment under this name; inline without one. */
      attachment?: string;
      headers?: Readonly<Record<string, string>>;
    } = {},
  ) {}
}

/** An uploaded file, or a raw text body where the route accepts one. */
export interface Upload {
  file?: { buffer: Buffer; mimetype: string; originalname: string; size: number };
  text?: string;
}

/** What the handler of a route receives: its parsed input and who is calling. */
export type HandlerInput<R extends RouteSpec> = RouteInput<R> & {
  principal: R['access'] extends PathTokenAccess ? null : Principal;
  upload: R['upload'] extends UploadSpec ? Upload : undefined;
  /** Absolute URL of the API's prefix, as the caller reached it. */
  baseUrl: string;
};

/** What a handler returns: the JSON body its schema describes, or a declared file. */
export type HandlerOutput<R extends RouteSpec> =
  | (R['response'] extends { json: infer J extends z.ZodType } ? z.input<J> : never)
  | (R['response'] extends { files: readonly FileKind[] } ? FileAnswer : never);

export type Handler<R extends RouteSpec> = (
  input: HandlerInput<R>,
) => Promise<HandlerOutput<R>> | HandlerOutput<R>;

/** One handler per route of the API, typed from its schemas. */
export type Handlers<A extends ApiSpec> = { [K in keyof A['routes']]: Handler<A['routes'][K]> };

export interface MountOptions {
  /** JWT verification belongs to the server; the adapter only authorizes. */
  authenticate: (req: express.Request) => Promise<Principal | null>;
  /** Where 500s are reported (pino's logger fits). */
  logger?: ErrorLogger;
  /** Resolves `inspection-param` lesson bindings. */
  inspections?: InspectionLookup;
  /** Skip output validation; defaults to NODE_ENV === 'production'. */
  production?: boolean;
  jsonLimit?: string;
}

type AnyHandler = (input: Record<string, unknown>) => unknown;

/**
 * Mounts one API of the contract: every route, each behind authentication, the route's
 * access check, input parsing, its handler and (outside production) output validation.
 * Throws at startup when a route has no capability or no handler, or a handler no route.
 */
export function mountApi<A extends ApiSpec>(
  api: A,
  handlers: Handlers<A>,
  options: MountOptions,
): express.Router {
  checkMountable(api, handlers as Record<string, unknown>);
  const router = express.Router();
  router.use(express.json({ limit: options.jsonLimit ?? '256kb' }));
  const validate = !(options.production ?? process.env.NODE_ENV === 'production');
  for (const [name, route] of Object.entries(api.routes)) {
    const handler = (handlers as unknown as Record<string, AnyHandler>)[name]!;
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](
      route.path,
      authenticateFor(api, route, options),
      ...uploadParsers(route.upload),
      runRoute(route, handler, validate),
    );
  }
  router.use((_req, res) =>
    sendError(res, 404, { code: 'not_found', message: 'no such endpoint' }),
  );
  router.use(errorHandlerFor(options.logger));
  return router;
}

/** Deny by default: nothing is mounted unless every route is declared and handled. */
export function checkMountable(api: ApiSpec, handlers: Record<string, unknown>): void {
  for (const [name, route] of Object.entries(api.routes)) {
    const access = route.access as Partial<BearerAccess & PathTokenAccess>;
    if (!access.pathToken && !(access.capabilities && access.capabilities.length > 0))
      throw new Error(`${api.prefix} ${name}: a route without a declared capability`);
    if (typeof handlers[name] !== 'function')
      throw new Error(`${api.prefix} ${name}: a contract route without a handler`);
  }
  for (const name of Object.keys(handlers))
    if (!(name in api.routes)) throw new Error(`${api.prefix} ${name}: a handler without a route`);
}

function authenticateFor(
  api: ApiSpec,
  route: RouteSpec,
  options: MountOptions,
): express.RequestHandler {
  return (req, res, next) => {
    // A path token is checked by its handler: calendar apps send no header.
    if (isPathToken(route.access)) return next();
    const access = route.access;
    const check = async () => {
      const principal = await options.authenticate(req);
      if (!principal || !api.authenticates.includes(credentialKind(principal)))
        throw failure('unauthenticated', 'sign in with a valid credential for this API');
      await checkAccess(options.inspections, principal, access, route.path, req);
      res.locals.principal = principal;
    };
    check().then(() => next(), next);
  };
}

function uploadParsers(upload: UploadSpec | undefined): express.RequestHandler[] {
  if (!upload) return [];
  const form = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: upload.maxBytes, files: 1, fields: 5 },
  }).single('file');
  const text = upload.rawText
    ? [express.text({ type: [...upload.rawText], limit: upload.maxBytes })]
    : [];
  return [...text, form];
}

function inputOf(route: RouteSpec, req: express.Request, res: express.Response) {
  const uploaded = route.upload && {
    file: req.file,
    text: typeof req.body === 'string' ? req.body : undefined,
  };
  const fields = route.upload?.fields;
  return {
    params: route.params ? parseInput(route.params, req.params, 'path') : undefined,
    query: route.query ? parseInput(route.query, req.query, 'query') : undefined,
    body: fields
      ? parseInput(fields, req.body, 'form fields')
      : route.body
        ? parseInput(route.body, req.body, 'body')
        : undefined,
    upload: uploaded,
    principal: (res.locals as { principal?: Principal }).principal ?? null,
    baseUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`,
  };
}

function runRoute(
  route: RouteSpec,
  handler: AnyHandler,
  validate: boolean,
): express.RequestHandler {
  return (req, res, next) => {
    const run = async () => {
      const output = await handler(inputOf(route, req, res));
      if (validate) checkOutput(route, output);
      if (output instanceof FileAnswer) return sendFile(res, output);
      res.status(route.status ?? 200).json(output);
    };
    // The error handler answers `internal` and logs whatever is not a declared failure.
    run().catch(next);
  };
}

/** A handler answered something its route does not declare: a bug, answered 500. */
export class InvalidOutput extends Error {
  constructor(
    message: string,
    readonly issues?: unknown,
  ) {
    super(message);
  }
}

function checkOutput(route: RouteSpec, output: unknown): void {
  const where = `${route.method} ${route.path}`;
  if (output instanceof FileAnswer) {
    if (!route.response.files?.includes(output.kind))
      throw new InvalidOutput(`${where} answered an undeclared ${output.kind} file`);
    return;
  }
  if (!route.response.json) throw new InvalidOutput(`${where} answered JSON, declared files`);
  const parsed = route.response.json.safeParse(output);
  if (!parsed.success)
    throw new InvalidOutput(`${where} answered outside its response schema`, parsed.error.issues);
}

function sendFile(res: express.Response, answer: FileAnswer): void {
  const { contentType, attachment, headers } = answer.options;
  if (attachment) res.attachment(attachment);
  res.type(contentType ?? FILE_KINDS[answer.kind]);
  for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
  res.send(typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body));
}
