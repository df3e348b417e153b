/**
 * `npm run start:cluster`: a two-node Passerelle on this machine, for trying the cluster
 * mode: a throwaway PostgreSQL (scripts/local-postgres.ts) and Redis (scripts/local-redis.ts),
 * two nodes (`signaling/main.ts`, ids `a` and `b`, their own ports and media ports) and, on
 * PORT (3000), the small proxy standing for the single public host name
 * (scripts/cluster-proxy.ts). Everything is thrown away at Ctrl-C. Production runs the same
 * nodes under systemd behind nginx (deploy/nginx-cluster.conf, README "Deployment").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startClusterProxy } from './cluster-proxy';
import { startLocalPostgres } from './local-postgres';
import { startLocalRedis } from './local-redis';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PUBLIC_PORT = Number(process.env.PORT ?? 3000);
const NODES = [
  { id: 'a', port: PUBLIC_PORT + 1, rtcPort: 44444, rtcRange: ['40000', '44399'] },
  { id: 'b', port: PUBLIC_PORT + 2, rtcPort: 44644, rtcRange: ['44700', '49999'] },
] as const;

function startNode(
  node: (typeof NODES)[number],
  env: Record<string, string>,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'signaling/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      NODE_ID: node.id,
      PORT: String(node.port),
      RTC_PORT: String(node.rtcPort),
      RTC_MIN_PORT: node.rtcRange[0],
      RTC_MAX_PORT: node.rtcRange[1],
      PASSERELLE_STATE_DIR: mkdtempSync(join(tmpdir(), `passerelle-node-${node.id}-`)),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      process.stdout.write(text.replace(/^(?=.)/gm, `[${node.id}] `));
      output += text;
      if (/running on/.test(output)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`node ${node.id} exited (${code})`)));
  });
}

async function main(): Promise<void> {
  const [postgres, redis] = await Promise.all([startLocalPostgres(), startLocalRedis()]);
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  await admin.query('create database passerelle');
  await admin.end();
  const publicUrl = `http://localhost:${PUBLIC_PORT}`;
  const env = {
    REDIS_URL: redis.url,
    DATABASE_URL: postgres.urlOf('passerelle'),
    PASSERELLE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    PUBLIC_URL: publicUrl,
    HOST: '127.0.0.1',
  };
  // One after the other: the first migrates the database and seeds the demo town.
  const children: ChildProcess[] = [await startNode(NODES[0], { ...env, DEMO: '1' })];
  children.push(await startNode(NODES[1], { ...env, DEMO: '0' }));
  const proxy = await startClusterProxy(
    Object.fromEntries(NODES.map((node) => [node.id, `http://127.0.0.1:${node.port}`])),
    { port: PUBLIC_PORT, host: '127.0.0.1' },
  );
  process.stdout.write(
    `\nTwo nodes (a: ${NODES[0].port}, b: ${NODES[1].port}) behind ${publicUrl} ` +
      `(the demo links above go through it). Stop a node to watch its lessons move: ` +
      `kill -9 ${children[0]!.pid} (a) or ${children[1]!.pid} (b). Ctrl-C stops everything.\n`,
  );
  const stop = async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) =>
            child.exitCode !== null || child.signalCode !== null
              ? resolve(undefined)
              : child.once('exit', resolve),
          ),
      ),
    );
    await proxy.close();
    await redis.stop();
    await postgres.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`start:cluster failed: ${String(error)}\n`);
  process.exit(1);
});
