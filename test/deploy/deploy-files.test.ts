import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../signaling';

const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url));
const UNIT_FILE = join(DEPLOY, 'passerelle.service');
const ENV_EXAMPLE = join(DEPLOY, 'passerelle.env.example');
const NGINX_SITE = join(DEPLOY, 'nginx.conf');
/** Read by Node or mediasoup themselves, not by loadConfig. */
const RUNTIME_VARIABLES = ['NODE_ENV', 'NODE_OPTIONS', 'MEDIASOUP_WORKER_BIN'];
const HAS_SYSTEMD_ANALYZE = spawnSync('systemd-analyze', ['--version']).status === 0;

/** A systemd unit as section → key → values (a key may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const line of text.split('\n').map((raw) => raw.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) sections.set(section[1]!, (current = new Map()));
    else {
      const [key, ...value] = line.split('=');
      current!.set(key!, [...(current!.get(key!) ?? []), value.join('=')]);
    }
  }
  return sections;
}

/** An environment file's KEY=value lines; `uncommented` also reads `# KEY=value` lines. */
function parseEnvFile(text: string, uncommented = false): Record<string, string> {
  const pattern = uncommented ? /^(?:#\s*)?([A-Z_][A-Z0-9_]*)=(.*)$/ : /^([A-Z_][A-Z0-9_]*)=(.*)$/;
  const entries = text.split('\n').flatMap((line) => {
    const match = pattern.exec(line.trim());
    return match ? [[match[1]!, match[2]!] as const] : [];
  });
  return Object.fromEntries(entries);
}

describe('deploy/passerelle.service', () => {
  const service = parseUnit(readFileSync(UNIT_FILE, 'utf8')).get('Service')!;
  const value = (key: string) => service.get(key)?.join(' ');

  it('runs the built server as its own user, with the environment file, restarted on failure', () => {
    expect(value('User')).toBe('passerelle');
    expect(value('EnvironmentFile')).toBe('/etc/passerelle/passerelle.env');
    expect(value('ExecStart')).toBe('/usr/bin/node dist/server/main.js');
    expect(value('Restart')).toBe('on-failure');
    expect(Number(value('LimitNOFILE'))).toBeGreaterThanOrEqual(65536);
  });

  it('is hardened: no new privileges, a read-only system but for the state folder, private /tmp', () => {
    expect(value('NoNewPrivileges')).toBe('yes');
    expect(value('ProtectSystem')).toBe('strict');
    expect(value('PrivateTmp')).toBe('yes');
    const env = parseEnvFile(readFileSync(ENV_EXAMPLE, 'utf8'));
    expect(value('ReadWritePaths')).toBe(env.PASSERELLE_STATE_DIR);
  });

  it.skipIf(!HAS_SYSTEMD_ANALYZE)('passes systemd-analyze verify without a warning', () => {
    const folder = mkdtempSync(join(tmpdir(), 'passerelle-unit-'));
    try {
      // The unit names /usr/bin/node (Debian's); where Node lives elsewhere, verify a copy naming it.
      const unit = join(folder, 'passerelle.service');
      if (existsSync('/usr/bin/node')) copyFileSync(UNIT_FILE, unit);
      else
        writeFileSync(
          unit,
          readFileSync(UNIT_FILE, 'utf8').replace('/usr/bin/node', process.execPath),
        );
      const verify = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
      expect(verify.stderr).toBe('');
      expect(verify.status).toBe(0);
      const security = spawnSync('systemd-analyze', ['security', '--offline=true', unit], {
        encoding: 'utf8',
      });
      const exposure = /Overall exposure level for passerelle\.service: ([\d.]+)/.exec(
        security.stdout,
      );
      // systemd rates 0 (locked down) to 10 (unprotected); "OK" ends at 4.9.
      expect(Number(exposure?.[1])).toBeLessThan(5);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('deploy/passerelle.env.example', () => {
  const text = readFileSync(ENV_EXAMPLE, 'utf8');

  it('is a valid configuration naming only variables Passerelle reads', () => {
    const env = parseEnvFile(text);
    const config = loadConfig(env) as Record<string, unknown>;
    const unknown = Object.keys(env).filter(
      (key) => !(key in config) && !RUNTIME_VARIABLES.includes(key),
    );
    expect(unknown).toEqual([]);
    expect(env.NODE_ENV).toBe('production');
  });

  it('is still valid with the commented direct-HTTPS lines switched on', () => {
    const config = loadConfig(parseEnvFile(text, true));
    expect(config.TLS_CERT_FILE).toBe('/etc/passerelle/tls/server.crt');
    expect(config.HTTP_REDIRECT_PORT).toBe(80);
  });

  it('puts the server where deploy/nginx.conf sends requests', () => {
    const env = parseEnvFile(text);
    const upstreams = [...readFileSync(NGINX_SITE, 'utf8').matchAll(/proxy_pass (\S+);/g)];
    expect(upstreams.length).toBeGreaterThan(0);
    for (const [, upstream] of upstreams) expect(upstream).toBe(`http://${env.HOST}:${env.PORT}`);
  });
});
