import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { preparePrivateFile, prepareStateDir, STATE_FILE_MODE } from '../stateFiles';

/**
 * The token secret: PASSERELLE_TOKEN_SECRET when set (production), otherwise
 * a random one kept in the local state folder so `npm start` and
 * `npm run token` agree without any configuration.
 */
export function loadTokenSecret(envSecret: string | undefined, stateFile: string): string {
  if (envSecret) return envSecret;
  prepareStateDir(dirname(stateFile));
  if (existsSync(stateFile)) {
    // A secret written by an older version may be world-readable.
    preparePrivateFile(stateFile);
    return readFileSync(stateFile, 'utf8').trim();
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(stateFile, secret + '\n', { mode: STATE_FILE_MODE });
  return secret;
}
