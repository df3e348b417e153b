import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_EXECUTABLE } from './browser';

/**
 * A school's network, emulated: a network namespace joined to this machine by a veth pair,
 * with its own nftables firewall. The server, coturn and the tutor stay in the host namespace
 * on the veth's host address; a classroom's Chromium runs inside (see `chromiumPath`).
 * Needs root (`ip netns`, nftables). Names carry the pid so parallel runs do not clash.
 */
export interface SchoolNetwork {
  namespace: string;
  /** The veth's host end (in this namespace) and school end (inside the school's). */
  hostLink: string;
  schoolLink: string;
  /** The server's address as the school sees it (host end of the veth). */
  hostIp: string;
  schoolIp: string;
  /** A wrapper that starts /usr/bin/chromium inside the namespace, for Playwright's executablePath. */
  chromiumPath: string;
  /** Replaces the school's firewall with this nftables ruleset (an empty string opens everything). */
  setFirewall(ruleset: string): void;
  close(): void;
}

function run(command: string, args: string[], input?: string): void {
  execFileSync(command, args, { input, stdio: ['pipe', 'ignore', 'pipe'] });
}

export function createSchoolNetwork(): SchoolNetwork {
  const id = process.pid;
  const namespace = `pschool${id}`;
  const hostLink = `vph${id}`;
  const schoolLink = `vps${id}`;
  // A /30 of its own per run: 10.231.<pid mod 250>.0, host .1, school .2.
  const subnet = `10.231.${id % 250}`;
  const hostIp = `${subnet}.1`;
  const schoolIp = `${subnet}.2`;
  const folder = mkdtempSync(join(tmpdir(), 'passerelle-school-'));
  const inSchool = (args: string[], input?: string) =>
    run('ip', ['netns', 'exec', namespace, ...args], input);

  const close = () => {
    // Deleting the namespace deletes its end of the veth, and with it the host end.
    for (const args of [
      ['netns', 'del', namespace],
      ['link', 'del', hostLink],
    ]) {
      try {
        run('ip', args);
      } catch {
        // already gone
      }
    }
    rmSync(folder, { recursive: true, force: true });
  };

  try {
    run('ip', ['netns', 'add', namespace]);
    run('ip', ['link', 'add', hostLink, 'type', 'veth', 'peer', 'name', schoolLink]);
    run('ip', ['link', 'set', schoolLink, 'netns', namespace]);
    // IPv4 only: an IPv6 link-local address settles a second or two after the link is up, and
    // a Chromium navigating then fails with ERR_NETWORK_CHANGED (the tutor's page did, once).
    run('sysctl', ['-qw', `net.ipv6.conf.${hostLink}.disable_ipv6=1`]);
    inSchool(['sysctl', '-qw', `net.ipv6.conf.${schoolLink}.disable_ipv6=1`]);
    run('ip', ['addr', 'add', `${hostIp}/30`, 'dev', hostLink]);
    run('ip', ['link', 'set', hostLink, 'up']);
    inSchool(['ip', 'addr', 'add', `${schoolIp}/30`, 'dev', schoolLink]);
    inSchool(['ip', 'link', 'set', schoolLink, 'up']);
    inSchool(['ip', 'link', 'set', 'lo', 'up']);
    // The server's machine is the school's gateway, as a school router would be.
    inSchool(['ip', 'route', 'add', 'default', 'via', hostIp]);
  } catch (error) {
    close();
    throw error;
  }

  const chromiumPath = join(folder, 'chromium-in-school');
  writeFileSync(
    chromiumPath,
    `#!/bin/sh\nexec ip netns exec ${namespace} ${CHROMIUM_EXECUTABLE} "$@"\n`,
  );
  chmodSync(chromiumPath, 0o755);

  return {
    namespace,
    hostLink,
    schoolLink,
    hostIp,
    schoolIp,
    chromiumPath,
    setFirewall: (ruleset) => inSchool(['nft', '-f', '-'], `flush ruleset\n${ruleset}\n`),
    close,
  };
}

/**
 * Condition (a): a firewall that drops all UDP and every TCP port but the web app's and the
 * relay's TLS port. Nothing else is filtered.
 */
export function udpBlockedFirewall(hostIp: string, openTcpPorts: number[]): string {
  return `table inet school {
  chain output {
    type filter hook output priority 0; policy accept;
    oifname "lo" accept
    meta l4proto udp drop
    ip daddr ${hostIp} tcp dport { ${openTcpPorts.join(', ')} } accept
    meta l4proto tcp drop
  }
}`;
}

/**
 * Condition (b): everything dropped, both ways, except connections the school opens to the
 * web app's port and the relay's TLS port (and their answers).
 */
export function onlyHttpsAndTurnTlsFirewall(hostIp: string, openTcpPorts: number[]): string {
  return `table inet school {
  chain output {
    type filter hook output priority 0; policy drop;
    oifname "lo" accept
    ct state established,related accept
    ip daddr ${hostIp} tcp dport { ${openTcpPorts.join(', ')} } ct state new accept
  }
  chain input {
    type filter hook input priority 0; policy drop;
    iifname "lo" accept
    ct state established,related accept
  }
}`;
}

/**
 * Condition (b) with the relay cut off as well, its open connections included (a cable pulled
 * between the school and the relay): only the web app's port still answers.
 */
export function relayCutFirewall(hostIp: string, appPort: number, relayPort: number): string {
  return `table inet school {
  chain output {
    type filter hook output priority 0; policy drop;
    oifname "lo" accept
    ip daddr ${hostIp} tcp dport ${relayPort} drop
    ct state established,related accept
    ip daddr ${hostIp} tcp dport ${appPort} ct state new accept
  }
  chain input {
    type filter hook input priority 0; policy drop;
    iifname "lo" accept
    ip saddr ${hostIp} tcp sport ${relayPort} drop
    ct state established,related accept
  }
}`;
}
