import { execFileSync } from 'node:child_process';
import type { SchoolNetwork } from './schoolNetwork';

/**
 * A school's thin line, emulated on its veth pair (issue 9, conditions (c), (d), (e)):
 * `tbf` rate limits (the uplink on the school's end, the downlink on the host's end, since a
 * qdisc shapes what leaves an interface), random loss with an nftables `numgen random` rule,
 * and a total outage that drops everything both ways. This kernel has no `netem`.
 * Each call replaces the previous setting of its kind; `clear()` removes them all and never
 * throws, so an `afterEach`/`afterAll` can always call it.
 */
export interface SchoolShaping {
  /** Limits one direction to `rateKbit` kbit/s; null removes the limit. */
  shape(direction: 'uplink' | 'downlink', rateKbit: number | null): void;
  /** Drops `percent` % of the packets the school sends, at random; null or 0 removes it. */
  loss(percent: number | null): void;
  /** Drops every packet both ways (a pulled cable) while on. */
  outage(on: boolean): void;
  clear(): void;
}

/*
 * The bucket holds a few full packets (a rate of a few hundred kbit/s cannot pass a single
 * 1500-byte packet otherwise), and the queue 200 ms of data: a broadband router's buffer, so
 * congestion shows up as delay first, as on a real line, before drops.
 */
const BURST_BYTES = 6_000;
const QUEUE_LATENCY_MS = 200;
const LOSS_TABLE = 'passerelle_loss';
const OUTAGE_TABLE = 'passerelle_outage';

function run(args: string[], input?: string): void {
  execFileSync(args[0]!, args.slice(1), { input, stdio: ['pipe', 'ignore', 'pipe'] });
}

function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // nothing to remove
  }
}

export function shapeSchool(school: SchoolNetwork): SchoolShaping {
  const inSchool = (args: string[]) => ['ip', 'netns', 'exec', school.namespace, ...args];
  const device = (direction: 'uplink' | 'downlink') =>
    direction === 'uplink' ? inSchool(['tc']) : ['tc'];
  const link = (direction: 'uplink' | 'downlink') =>
    direction === 'uplink' ? school.schoolLink : school.hostLink;
  const dropTable = (table: string) =>
    quietly(() => run(inSchool(['nft', 'delete', 'table', 'inet', table])));

  const shaping: SchoolShaping = {
    shape(direction, rateKbit) {
      const tc = device(direction);
      const dev = link(direction);
      if (rateKbit === null) return quietly(() => run([...tc, 'qdisc', 'del', 'dev', dev, 'root']));
      run(
        [...tc, 'qdisc', 'replace', 'dev', dev, 'root', 'tbf'].concat(
          ['rate', `${rateKbit}kbit`, 'burst', String(BURST_BYTES)],
          ['latency', `${QUEUE_LATENCY_MS}ms`],
        ),
      );
    },
    loss(percent) {
      dropTable(LOSS_TABLE);
      if (!percent) return;
      run(
        inSchool(['nft', '-f', '-']),
        `table inet ${LOSS_TABLE} {
  chain output {
    type filter hook output priority -10; policy accept;
    oifname "lo" accept
    numgen random mod 100 < ${percent} drop
  }
}`,
      );
    },
    outage(on) {
      dropTable(OUTAGE_TABLE);
      if (!on) return;
      run(
        inSchool(['nft', '-f', '-']),
        `table inet ${OUTAGE_TABLE} {
  chain output {
    type filter hook output priority -20; policy accept;
    oifname != "lo" drop
  }
  chain input {
    type filter hook input priority -20; policy accept;
    iifname != "lo" drop
  }
}`,
      );
    },
    clear() {
      shaping.shape('uplink', null);
      shaping.shape('downlink', null);
      dropTable(LOSS_TABLE);
      dropTable(OUTAGE_TABLE);
    },
  };
  return shaping;
}
