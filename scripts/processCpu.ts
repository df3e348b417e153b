import { execSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

interface ProcessTimes {
  parentPid: number;
  /** User plus system time, in clock ticks. */
  cpuTicks: number;
}

/** Every process's parent and CPU time from /proc/<pid>/stat (fields 4, 14 and 15). */
function processTable(): Map<number, ProcessTimes> {
  const table = new Map<number, ProcessTimes>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces; the fields after its closing parenthesis do not.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), {
        parentPid: Number(fields[1]),
        cpuTicks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // The process ended while the table was read.
    }
  }
  return table;
}

/** CPU ticks used so far by `rootPid` and all its descendants (Chromium's renderer, GPU, network...). */
function treeCpuTicks(rootPid: number): Map<number, number> {
  const table = processTable();
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, { parentPid }] of table) {
      if (!inTree.has(pid) && inTree.has(parentPid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  const ticks = new Map<number, number>();
  for (const pid of inTree) ticks.set(pid, table.get(pid)?.cpuTicks ?? 0);
  return ticks;
}

/**
 * The CPU a process tree uses over `windowMs`, as a fraction of one core.
 * Processes that start during the window count from zero; ones that end are lost.
 */
export async function measureTreeCpu(rootPid: number, windowMs: number): Promise<number> {
  const before = treeCpuTicks(rootPid);
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = treeCpuTicks(rootPid);
  const seconds = (performance.now() - start) / 1000;
  let ticks = 0;
  for (const [pid, used] of after) ticks += used - (before.get(pid) ?? 0);
  return ticks / CLOCK_TICKS_PER_SECOND / seconds;
}
