import { fileURLToPath } from 'node:url';
import { openPlanningStore, seedDemoData, type PlanningStore } from '../lesson-plans';
import { loadConfig, type ServerConfig } from './config';
import { demoLinks } from './demo';
import { createLogger } from './logger';
import { startPasserelleServer } from './server';
import { planningStoreLocation, prepareStateDir } from './stateFiles';

const WEB_ROOT = fileURLToPath(new URL('../dist/web', import.meta.url));

async function openStore(config: ServerConfig): Promise<PlanningStore> {
  prepareStateDir(config.PASSERELLE_STATE_DIR);
  const store = await openPlanningStore(planningStoreLocation(config));
  if (config.DEMO === '1' && (await store.listSchools()).length === 0) await seedDemoData(store);
  return store;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const planning = await openStore(config);
  const server = await startPasserelleServer({ config, logger, webRoot: WEB_ROOT, planning });
  const lines = [`\nPasserelle is running on ${server.url}\n`];
  if (config.DEMO === '1') {
    lines.push('Demo — open each link in its own browser window:');
    for (const link of await demoLinks(server, planning))
      lines.push(`\n  ${link.label}\n  ${link.url}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
  const shutdown = () => {
    logger.info('shutting down');
    server
      .close()
      .then(() => planning.close())
      .then(
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
