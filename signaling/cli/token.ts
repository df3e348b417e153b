import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SessionTokenIssuer, loadTokenSecret } from '../auth';
import { loadConfig } from '../config';
import { createJoinLink } from '../joinLinks';
import { roleSchema, sessionIdSchema } from '../protocol';

const USAGE = `Mints a join link for a lesson, signed with the server's token secret.

  npm run token -- --session <id> --role <tutor|classroom|inspector|coordinator> --name <display name> [--ttl <seconds>] [--url <base url>] [--token-only]
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      session: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string' },
      url: { type: 'string' },
      'token-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(USAGE);
  const sessionId = sessionIdSchema.safeParse(values.session);
  const role = roleSchema.safeParse(values.role);
  if (!sessionId.success || !role.success || !values.name) {
    process.stderr.write(`missing or invalid --session, --role or --name\n\n${USAGE}`);
    process.exit(2);
  }
  const config = loadConfig();
  const tokens = new SessionTokenIssuer(
    loadTokenSecret(
      config.PASSERELLE_TOKEN_SECRET,
      join(config.PASSERELLE_STATE_DIR, 'token-secret'),
    ),
  );
  const ttlSeconds = values.ttl ? Number(values.ttl) : config.PASSERELLE_TOKEN_TTL_SECONDS;
  const options = {
    sessionId: sessionId.data,
    role: role.data,
    displayName: values.name,
    ttlSeconds,
  };
  if (values['token-only']) {
    process.stdout.write((await tokens.mint(options)) + '\n');
    return;
  }
  const baseUrl = values.url ?? config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  process.stdout.write((await createJoinLink(tokens, { ...options, baseUrl })) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
