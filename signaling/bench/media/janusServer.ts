/*
 * The peer: Debian's Janus 1.1.2 with only the VideoRoom plugin and the HTTP
 * transport, configured into a temporary folder, ICE on the loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const JANUS_BIN = '/usr/bin/janus';
const LIB = '/usr/lib/x86_64-linux-gnu/janus';
const OTHER_PLUGINS = [
  'audiobridge',
  'duktape',
  'echotest',
  'lua',
  'nosip',
  'recordplay',
  'sip',
  'streaming',
  'textroom',
  'videocall',
  'voicemail',
];
const OTHER_TRANSPORTS = ['mqtt', 'nanomsg', 'pfunix', 'rabbitmq', 'websockets'];

export function janusInstalled(): boolean {
  return existsSync(JANUS_BIN);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function writeConfig(folder: string, port: number): void {
  const list = (names: string[], kind: string) =>
    names.map((name) => `libjanus_${name}.so`).join(',') + (kind ? '' : '');
  writeFileSync(
    join(folder, 'janus.jcfg'),
    `general: {
  configs_folder = "${folder}"
  plugins_folder = "${LIB}/plugins"
  transports_folder = "${LIB}/transports"
  events_folder = "${LIB}/events"
  loggers_folder = "${LIB}/loggers"
  debug_level = 2
  session_timeout = 120
}
media: { rtp_port_range = "40000-49999" }
nat: { ice_enforce_list = "lo" ignore_mdns = true }
plugins: { disable = "${list(OTHER_PLUGINS, 'plugins')}" }
transports: { disable = "${list(OTHER_TRANSPORTS, 'transports')}" }
events: { broadcast = false }
loggers: { disable = "libjanus_jsonlog.so" }
`,
  );
  writeFileSync(
    join(folder, 'janus.transport.http.jcfg'),
    `general: { json = "compact" base_path = "/janus" http = true port = ${port} ip = "127.0.0.1" https = false }
admin: { admin_http = false }
`,
  );
  writeFileSync(join(folder, 'janus.plugin.videoroom.jcfg'), 'general: { }\n');
}

export interface RunningJanus {
  url: string;
  pid: number;
  close(): Promise<void>;
}

/** Starts Janus and waits until its HTTP API answers. */
export async function startJanus(): Promise<RunningJanus> {
  const folder = mkdtempSync(join(tmpdir(), 'passerelle-janus-'));
  const port = await freePort();
  writeConfig(folder, port);
  const child: ChildProcess = spawn(JANUS_BIN, ['-F', folder, '-o', '-N'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/janus`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`janus exited (${child.exitCode})`);
    const up = await fetch(`${url}/info`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error('janus did not answer within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
