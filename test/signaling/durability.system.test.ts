import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openPlanningStore, seedDemoData } from '../../lesson-plans';
import { loadTokenSecret } from '../../signaling';
import type { Role } from '../../signaling/protocol';
import { exited, startServerProcess } from '../helpers/serverProcess';
import { connectClient, type TestClient } from '../helpers/socketClient';

interface AttendanceRow {
  role: string;
  joined_at: string;
  left_at: string;
  last_seen_at: string | null;
  open: number;
}

function attendanceRows(file: string, sessionId: string): AttendanceRow[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('select * from attendance where session_id = ? order by role')
      .all(sessionId) as AttendanceRow[];
  } finally {
    db.close();
  }
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('nothing is lost when the server dies', () => {
  const children: ChildProcess[] = [];
  const clients: TestClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const child of children.splice(0)) {
      child.kill('SIGKILL');
      await exited(child);
    }
  });

  it('keeps attendance written at join after SIGKILL, and the next start closes it at the last heartbeat', async () => {
    const stateDir = join(mkdtempSync(join(tmpdir(), 'passerelle-kill-')), 'state');
    const file = join(stateDir, 'passerelle.sqlite');
    mkdirSync(stateDir, { mode: 0o755 });
    const store = await openPlanningStore({ filename: file });
    await seedDemoData(store);
    const [planned] = await store.listSessions({});
    await store.close();
    const sessionId = planned!.id;

    const first = await startServerProcess(stateDir, { ATTENDANCE_HEARTBEAT_MS: '200' });
    children.push(first.child);
    for (const [role, name] of [
      ['tutor', 'Emily'],
      ['classroom', 'CM1 Curie'],
      ['inspector', 'IEN Dupont'],
    ] as [Role, string][]) {
      const client = await connectClient(first.server, role, name, { sessionId });
      clients.push(client);
      const caps = await client.request('getRouterRtpCapabilities', {});
      const rtpCapabilities = (caps as { data: { rtpCapabilities: unknown } }).data;
      expect((await client.request('joinSession', rtpCapabilities)).ok).toBe(true);
    }
    // Rows are there from the join, and a heartbeat has moved past it.
    await expect.poll(() => attendanceRows(file, sessionId), { timeout: 20_000 }).toHaveLength(3);
    await expect
      .poll(
        () => attendanceRows(file, sessionId).filter((row) => row.last_seen_at! > row.joined_at),
        { timeout: 20_000 },
      )
      .toHaveLength(3);
    expect(modeOf(stateDir)).toBe(0o700);
    for (const suffix of ['', '-wal', '-shm']) expect(modeOf(file + suffix)).toBe(0o600);

    first.child.kill('SIGKILL');
    await exited(first.child);
    const afterKill = attendanceRows(file, sessionId);
    expect(afterKill.map((row) => [row.role, row.open])).toEqual([
      ['classroom', 1],
      ['inspector', 1],
      ['tutor', 1],
    ]);

    const second = await startServerProcess(stateDir, { ATTENDANCE_HEARTBEAT_MS: '200' });
    children.push(second.child);
    // Closed by the start (or its first heartbeat's sweep) once stale: 4 heartbeats unheard of.
    await expect
      .poll(() => attendanceRows(file, sessionId).map((row) => row.open), { timeout: 20_000 })
      .toEqual([0, 0, 0]);
    const afterRestart = attendanceRows(file, sessionId);
    for (const [i, row] of afterRestart.entries()) {
      expect(row.left_at).toBe(afterKill[i]!.last_seen_at);
      expect(row.left_at > row.joined_at).toBe(true);
    }
  });

  it('writes the token secret 0600 in a 0700 folder, and tightens an older loose one', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'passerelle-modes-')), 'state');
    const secretFile = join(dir, 'token-secret');
    loadTokenSecret(undefined, secretFile);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(secretFile)).toBe(0o600);

    const old = join(mkdtempSync(join(tmpdir(), 'passerelle-modes-')), 'state');
    mkdirSync(old, { mode: 0o755 });
    chmodSync(old, 0o755);
    writeFileSync(join(old, 'token-secret'), 'x'.repeat(43), { mode: 0o644 });
    chmodSync(join(old, 'token-secret'), 0o644);
    expect(loadTokenSecret(undefined, join(old, 'token-secret'))).toBe('x'.repeat(43));
    expect(modeOf(old)).toBe(0o700);
    expect(modeOf(join(old, 'token-secret'))).toBe(0o600);
  });
});
