import express from 'express';
import { z } from 'zod';
import { SignInExchangeSchema } from '../../../lesson-plans/contract/ent';
import type { Logger } from '../../logger';
import type { EntSignIn } from './EntSignIn';
import { SIGN_IN_FLOW_TTL_MS } from './EntSignIn';
import { isFailure, type SignInOutcome } from './identity';

/** The browser's pending sign-in: a random id, httpOnly, only sent to /signin. */
export const SIGN_IN_COOKIE = 'passerelle_signin';
const SIGN_IN_PAGE = '/connexion';

export interface EntRoutesOptions {
  signIn: EntSignIn;
  logger: Logger;
  /** Whether browsers reach us over https (the cookie is then `Secure`). */
  secure: boolean;
}

const ProviderParamsSchema = z.object({ provider: z.string().max(40) });
/**
 * /signin: the list of ENTs for the sign-in page, the redirect to an ENT, its callback
 * and the handoff code's exchange. Outcomes other than success go back to the sign-in
 * page as `#error=<outcome>`, which shows its own French and English text.
 */
export function entSignInRoutes(options: EntRoutesOptions): express.Router {
  const { signIn, logger } = options;
  const limiter = signIn.sharedState.budget('signin', signIn.config.requestsPerMinute, 60_000);
  const router = express.Router();
  const noStore: express.RequestHandler = (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  };
  const refuse = (req: express.Request, res: express.Response) => {
    logger.warn({ path: req.path }, 'ENT sign-in rate limit reached');
    if (req.method === 'POST')
      return void res.status(429).json({ error: { code: 'unavailable', message: 'too many' } });
    res.redirect(303, `${SIGN_IN_PAGE}#error=busy`);
  };
  const limited: express.RequestHandler = (req, res, next) => {
    void limiter.allow(req.ip ?? 'unknown').then(
      (allowed) => (allowed ? next() : refuse(req, res)),
      // Shared state unreachable (Redis down): sign-ins wait rather than go unlimited.
      () => refuse(req, res),
    );
  };
  router.use(noStore);
  router.get('/providers', (_req, res) => {
    const { town, providers } = signIn.config;
    res.json({ town, providers: providers.map(({ id, label }) => ({ id, label })) });
  });
  router.post('/exchange', limited, express.json({ limit: '1kb' }), (req, res, next) =>
    exchangeCode(signIn, req, res).catch(next),
  );
  router.get('/:provider/start', (req, res, next) => startSignIn(options, req, res).catch(next));
  router.get('/:provider/callback', limited, (req, res, next) =>
    finishSignIn(options, req, res).catch(next),
  );
  return router;
}

/** The planning page's POST: one handoff code, once, for the person's API token. */
async function exchangeCode(signIn: EntSignIn, req: express.Request, res: express.Response) {
  const body = SignInExchangeSchema.safeParse(req.body);
  if (!body.success)
    return void res.status(400).json({ error: { code: 'invalid_request', message: 'no code' } });
  const grant = await signIn.exchange(body.data.code);
  if (grant) return void res.json(grant);
  res.status(401).json({
    error: { code: 'unauthenticated', message: 'this sign-in code is used, expired or revoked' },
  });
}

async function startSignIn(options: EntRoutesOptions, req: express.Request, res: express.Response) {
  const provider = providerParam(req, res);
  if (provider === undefined) return;
  let started: Awaited<ReturnType<EntSignIn['start']>>;
  try {
    started = await options.signIn.start(provider);
  } catch (error) {
    options.logger.warn({ err: error, provider }, 'ENT unreachable at sign-in');
    return backToSignIn(res, 'unavailable');
  }
  if (!started)
    return void res.status(404).json({ error: { code: 'not_found', message: 'no such ENT' } });
  res.cookie(SIGN_IN_COOKIE, started.flowId, {
    httpOnly: true,
    // Lax: the ENT's redirect back is a top-level cross-site navigation, which Strict drops.
    sameSite: 'lax',
    secure: options.secure,
    path: '/signin',
    maxAge: SIGN_IN_FLOW_TTL_MS,
  });
  res.redirect(303, started.url.href);
}

async function finishSignIn(
  options: EntRoutesOptions,
  req: express.Request,
  res: express.Response,
) {
  const provider = providerParam(req, res);
  if (provider === undefined) return;
  const flowId = readCookie(req.get('cookie'), SIGN_IN_COOKIE);
  const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  res.clearCookie(SIGN_IN_COOKIE, {
    path: '/signin',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
  });
  const result = await options.signIn.finish(provider, flowId, query);
  if (isFailure(result)) {
    options.logger.info(
      { provider, outcome: result.failure, detail: result.detail },
      'ENT sign-in refused',
    );
    return backToSignIn(res, result.failure);
  }
  // The code rides in the fragment, which browsers never send to a server or a log.
  res.redirect(303, `/planning#code=${result.code}`);
}

function providerParam(req: express.Request, res: express.Response): string | undefined {
  const params = ProviderParamsSchema.safeParse(req.params);
  if (params.success) return params.data.provider;
  res.status(404).json({ error: { code: 'not_found', message: 'no such ENT' } });
  return undefined;
}

function backToSignIn(res: express.Response, outcome: SignInOutcome): void {
  res.redirect(303, `${SIGN_IN_PAGE}#error=${outcome}`);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=') || undefined;
  }
  return undefined;
}
