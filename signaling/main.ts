import { fileURLToPath } from 'node:url';
import { loadConfig } from './config';
import { createJoinLink } from './joinLinks';
import { createLogger } from './logger';
import { startPasserelleServer, type RunningServer } from './server';

const WEB_ROOT = fileURLToPath(new URL('../dist/web', import.meta.url));

const DEMO_SESSION = 'demo';
const DEMO_PARTICIPANTS = [
  { role: 'tutor', displayName: 'Emily (tutor)' },
  { role: 'classroom', displayName: 'CM2 B – École Jules Ferry' },
  { role: 'classroom', displayName: 'CM1 A – École Louise Michel' },
  { role: 'inspector', displayName: 'Inspection IEN' },
] as const;

async function printDemoLinks(server: RunningServer): Promise<void> {
  const lines = [
    `\nPasserelle is running on ${server.url}\n`,
    `Demo lesson "${DEMO_SESSION}" — open each link in its own browser window:`,
  ];
  for (const participant of DEMO_PARTICIPANTS) {
    const link = await createJoinLink(server.tokens, {
      baseUrl: server.url,
      sessionId: DEMO_SESSION,
      ...participant,
    });
    lines.push(`\n  ${participant.role.padEnd(10)} ${participant.displayName}\n  ${link}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const server = await startPasserelleServer({ config, logger, webRoot: WEB_ROOT });
  if (config.DEMO === '1') await printDemoLinks(server);
  const shutdown = () => {
    logger.info('shutting down');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Passerelle could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
