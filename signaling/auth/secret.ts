import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The token secret: PASSERELLE_TOKEN_SECRET when set (production), otherwise
 * a random one kept in the local state folder so `npm start` and
 * `npm run token` agree without any configuration.
 */
export function loadTokenSecret(envSecret: string | undefined, stateFile: string): string {
  if (envSecret) return envSecret;
  if (existsSync(stateFile)) return readFileSync(stateFile, 'utf8').trim();
  mkdirSync(dirname(stateFile), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(stateFile, secret + '\n', { mode: 0o600 });
  chmodSync(stateFile, 0o600);
  return secret;
}
