import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aboveFloor, floorOpenPacket, installFloorPage } from '../../scripts/benchPageFloor';

const webRoot = mkdtempSync(join(tmpdir(), 'floor-'));
afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

describe("bench:page's blank page (the floor)", () => {
  it('is two static files for the bench server, no inline script and no credential, removed after', () => {
    writeFileSync(join(webRoot, 'index.html'), 'the app');
    const remove = installFloorPage(webRoot);
    const page = readFileSync(join(webRoot, 'bench-floor.html'), 'utf8');
    const script = readFileSync(join(webRoot, 'bench-floor.js'), 'utf8');
    // The server's Content-Security-Policy allows scripts from its origin only.
    expect(page).toMatch(/<script src="\/bench-floor\.js"><\/script>/);
    expect(page.match(/<script/g)).toHaveLength(1);
    // Engine.IO's handshake only: no token, no session, nothing a lesson would reveal.
    expect(script).toContain("'/socket.io/?EIO=4&transport=websocket'");
    expect(`${page}${script}`).not.toMatch(/token|sessionId|auth/i);
    remove();
    expect(existsSync(join(webRoot, 'bench-floor.html'))).toBe(false);
    expect(readdirSync(webRoot)).toEqual(['index.html']);
  });

  it("reads a warm page's frame above the floor's median open packet, and says so when there is no floor", () => {
    // FLOOR_COLUMNS per page: DOM ready, its script ran, WebSocket open, Engine.IO open packet.
    const floor = [
      [300, 280, 330, 340],
      [500, 480, 590, 600],
      [400, 380, 390, 420],
    ];
    expect(floorOpenPacket(floor)).toBe(420);
    expect(aboveFloor(1146, floorOpenPacket(floor))).toBe('726 ms');
    expect(floorOpenPacket([])).toBeUndefined();
    expect(aboveFloor(1146, floorOpenPacket([]))).toBe('—');
  });
});
