import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPlanningStore } from '../../lesson-plans';
import { ApiTokenIssuer, loadTokenSecret } from '../auth';
import { loadConfig } from '../config';
import { issueClassroomKey, revokeClassroomKey } from '../planning/classroomKeys';
import { planningStoreLocation } from '../stateFiles';

const USAGE = `Issues (and thereby rotates) or revokes a classroom whiteboard's key, as the coordinator.

  npm run classroom-key -- --class <class id> [--url <base url>]   new key; every older key of the class stops working
  npm run classroom-key -- --class <class id> --revoke             no key of the class works any more
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      class: { type: 'string' },
      revoke: { type: 'boolean', default: false },
      url: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(USAGE);
  if (!values.class) {
    process.stderr.write(`missing --class\n\n${USAGE}`);
    process.exit(2);
  }
  const config = loadConfig();
  const store = await openPlanningStore(planningStoreLocation(config));
  try {
    if (values.revoke) {
      const version = await revokeClassroomKey(store, values.class);
      process.stdout.write(`revoked: class ${values.class} is at key version ${version}\n`);
      return;
    }
    const secret = loadTokenSecret(
      config.PASSERELLE_TOKEN_SECRET,
      join(config.PASSERELLE_STATE_DIR, 'token-secret'),
    );
    const issued = await issueClassroomKey(
      store,
      new ApiTokenIssuer(secret),
      values.class,
      new Date(),
    );
    if (!issued) throw new Error(`class ${values.class} or its current school year not found`);
    const baseUrl = values.url ?? config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
    process.stdout.write(
      `${baseUrl}/classroom/${encodeURIComponent(values.class)}#key=${issued.key}\n` +
        `(key version ${issued.version}, valid until ${issued.expiresAt})\n`,
    );
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
