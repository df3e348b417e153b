import { describe, expect, it } from 'vitest';
import { NO_FIGURES, type PathOutcome } from '../../lesson-plans/contract/readiness';
import { autoCheckDue } from '../../web/src/check/autoCheck';
import { adviceFor, adviceToShow, isWeak, reportOf } from '../../web/src/check/verdict';

const figures = {
  upstreamBps: 1_400_000,
  downstreamBps: 1_400_000,
  rttMs: 20,
  upstreamLossPct: 0,
  downstreamLossPct: 0,
  upstreamLineLimited: false,
};
const ok = (path: PathOutcome['path'], over: Partial<PathOutcome> = {}): PathOutcome => ({
  path,
  outcome: 'ok',
  durationMs: 4000,
  ...figures,
  ...over,
});
const failed = (path: PathOutcome['path']): PathOutcome => ({
  path,
  outcome: 'failed',
  durationMs: 10_000,
  ...NO_FIGURES,
});
const context = { https: true, secure: true, websocket: true };

describe('the check page verdict', () => {
  it('ready when a direct path works, relay-only through TURN alone, not ready otherwise', () => {
    expect(reportOf([failed('udp'), ok('tcp')], context).verdict).toBe('ready');
    expect(reportOf([failed('udp'), failed('tcp'), ok('turn-tls')], context).verdict).toBe(
      'relay-only',
    );
    expect(reportOf([failed('udp'), failed('tcp'), failed('turn-tls')], context).verdict).toBe(
      'not-ready',
    );
    expect(reportOf([ok('udp')], { ...context, websocket: false }).verdict).toBe('not-ready');
    expect(reportOf([ok('udp')], { ...context, secure: false }).verdict).toBe('not-ready');
  });

  it('a weak line: upstream under 1 Mbit/s held back by the line, loss over 3 %, or RTT over 300 ms, on the path used', () => {
    expect(isWeak(ok('udp'))).toBe(false);
    expect(isWeak(ok('udp', { upstreamBps: 900_000, upstreamLineLimited: true }))).toBe(true);
    // Low, but because the encoder (an old PC) or the test's ceiling held it back, not the line.
    expect(isWeak(ok('udp', { upstreamBps: 600_000, upstreamLineLimited: false }))).toBe(false);
    expect(isWeak(ok('udp', { downstreamLossPct: 3.5 }))).toBe(true);
    expect(isWeak(ok('udp', { rttMs: 320 }))).toBe(true);
    // The path a lesson would use is the first that works: a slow relay behind it does not count.
    expect(reportOf([ok('udp'), ok('turn-tls', { rttMs: 900 })], context).weak).toBe(false);
  });

  it('names the exact protocol, port and host to open, from the server targets', () => {
    const targets = {
      mediaAddress: '192.168.10.5',
      mediaUdpPorts: [44444, 44445],
      mediaTcpPorts: [44444, 44445],
      turn: [
        { path: 'turn-tls' as const, host: 'turn.ecole.lan', port: 443, protocol: 'tls' as const },
      ],
    };
    expect(adviceFor('udp', targets)).toEqual({
      path: 'udp',
      protocol: 'UDP',
      host: '192.168.10.5',
      ports: '44444-44445',
    });
    expect(adviceFor('turn-tls', targets)).toEqual({
      path: 'turn-tls',
      protocol: 'TLS',
      host: 'turn.ecole.lan',
      ports: '443',
    });
    expect(adviceFor('turn-udp', targets)).toBeNull();
    // Ready through ICE-TCP: opening UDP is optional advice; a blocked relay behind it is not.
    const viaTcp = reportOf([failed('udp'), ok('tcp'), failed('turn-tls')], context);
    expect(adviceToShow(viaTcp, targets).map((advice) => advice.path)).toEqual(['udp']);
    // Not ready: everything blocked is worth opening.
    const blocked = reportOf([failed('udp'), failed('tcp'), failed('turn-tls')], context);
    expect(adviceToShow(blocked, targets).map((advice) => advice.path)).toEqual([
      'udp',
      'tcp',
      'turn-tls',
    ]);
  });
});

describe('the whiteboard re-checks by itself before a lesson', () => {
  const start = Date.parse('2026-12-07T09:00:00Z');
  const minutes = (n: number) => n * 60_000;
  it('once the lesson is under 30 min away, unless checked in the last hour, never in the last 5 min', () => {
    expect(autoCheckDue(start, null, start - minutes(45))).toBe(false);
    expect(autoCheckDue(start, null, start - minutes(25))).toBe(true);
    expect(autoCheckDue(start, start - minutes(90), start - minutes(25))).toBe(true);
    expect(autoCheckDue(start, start - minutes(40), start - minutes(25))).toBe(false);
    expect(autoCheckDue(start, null, start - minutes(4))).toBe(false);
  });
});
