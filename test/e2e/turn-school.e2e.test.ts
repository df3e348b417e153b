import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, receivedFrames, rtpCounters, waitFor } from '../helpers/browser';
import { startCoturn, type Coturn } from '../helpers/coturn';
import { openLessonPage, type LessonPage } from '../helpers/lessonPages';
import {
  createSchoolNetwork,
  onlyHttpsAndTurnTlsFirewall,
  relayCutFirewall,
  udpBlockedFirewall,
  type SchoolNetwork,
} from '../helpers/schoolNetwork';
import type { TestServer } from '../helpers/server';
import { startSchoolServer, type SchoolServer } from '../helpers/schoolServer';

/*
 * Issue 9, conditions (a) and (b): a classroom whose school network lets through only the
 * web app's port and TURN over TLS still holds the lesson, through the relay. The classroom's
 * Chromium runs in a network namespace behind nftables; the server, coturn and the tutor stay
 * on this machine, on the veth's host address. First-frame times are printed, never asserted.
 */

const SECRET = 'coturn-static-auth-secret-for-the-school-test';
const SESSION = 'e2e-turn-school';

interface SelectedPath {
  candidateType: string;
  protocol: string;
  relayProtocol: string | null;
}

/** The local candidate of each transport's selected pair, as Chromium's getStats reports it. */
function selectedPaths(page: Page): Promise<{ send: SelectedPath | null; recv: SelectedPath }> {
  return page.evaluate(async () => {
    const client = window.passerelleLesson;
    if (!client) throw new Error('no lesson client on the page');
    const { send, recv } = await client.transportStats();
    const pathOf = (report: RTCStatsReport | null) => {
      if (!report) return null;
      let pair: Record<string, unknown> | undefined;
      report.forEach((stat: Record<string, unknown>) => {
        if (stat.type === 'transport' && typeof stat.selectedCandidatePairId === 'string')
          pair = report.get(stat.selectedCandidatePairId) as Record<string, unknown>;
      });
      const local = pair
        ? (report.get(String(pair.localCandidateId)) as Record<string, unknown> | undefined)
        : undefined;
      if (!local) return null;
      return {
        candidateType: String(local.candidateType),
        protocol: String(local.protocol),
        relayProtocol: typeof local.relayProtocol === 'string' ? local.relayProtocol : null,
      };
    };
    return { send: pathOf(send), recv: pathOf(recv) ?? ({} as SelectedPath) };
  });
}

async function framesDecoded(page: Page): Promise<number> {
  const counters = await rtpCounters(page);
  return counters.inbound
    .filter((stat) => stat.kind === 'video')
    .reduce((sum, stat) => sum + stat.framesDecoded, 0);
}

/** Waits until the page decodes video, then until it has decoded `more` frames beyond that. */
async function waitForFlowingVideo(page: Page, what: string, more = 15): Promise<void> {
  await waitFor(async () => (await framesDecoded(page)) > 0, `${what}: a first decoded frame`);
  const start = await framesDecoded(page);
  await waitFor(
    async () => (await framesDecoded(page)) >= start + more,
    `${what}: video keeps decoding`,
  );
}

/** Milliseconds from navigation to the page's join and to its first painted remote frame. */
function firstFrameTimes(page: Page): Promise<{ joinedMs: number; firstFrameMs: number }> {
  return page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    return {
      joinedMs: Math.round(at('passerelle:joined')),
      firstFrameMs: Math.round(at('passerelle:first-remote-frame')),
    };
  });
}

describe('a school that lets through only HTTPS and TURN over TLS still holds the lesson', () => {
  let school: SchoolNetwork;
  let coturn: Coturn;
  let server: TestServer;
  let tutorBrowser: Browser;
  let schoolBrowser: Browser;
  let appPort: number;
  let https: SchoolServer;
  const figures: string[] = [];

  beforeAll(async () => {
    school = createSchoolNetwork();
    coturn = await startCoturn({ secret: SECRET, ip: school.hostIp });
    // The school reaches the app over HTTPS only; the app itself listens on loopback behind it.
    https = await startSchoolServer(school, {
      turn: { coturn, secret: SECRET },
    });
    server = https.server;
    appPort = https.port;
    // Self-signed test certificates, for the page and for the relay's TLS. Chromium checks the
    // relay's certificate too: with only the page's exempted, `turns:` gets no media through.
    const extraArgs = ['--ignore-certificate-errors'];
    tutorBrowser = await launchChromium({ extraArgs });
    schoolBrowser = await launchChromium({ executablePath: school.chromiumPath, extraArgs });
    await openLessonPage(tutorBrowser, server, {
      sessionId: SESSION,
      role: 'tutor',
      name: 'Emily',
      subject: 'tutor-emily',
    });
  });

  afterAll(async () => {
    if (figures.length) process.stdout.write(`\nfirst remote frame:\n${figures.join('\n')}\n`);
    await schoolBrowser?.close().catch(() => undefined);
    await tutorBrowser?.close().catch(() => undefined);
    await https?.close();
    await coturn?.close().catch(() => undefined);
    school?.close();
  });

  async function openClassroom(subject: string): Promise<LessonPage> {
    return openLessonPage(schoolBrowser, server, {
      sessionId: SESSION,
      role: 'classroom',
      name: 'CM2 Aubure',
      subject,
    });
  }

  async function record(label: string, classroom: LessonPage): Promise<void> {
    const { joinedMs, firstFrameMs } = await firstFrameTimes(classroom.page);
    figures.push(
      `  ${label}: joined at ${joinedMs} ms, first remote frame at ${firstFrameMs} ms ` +
        `(${firstFrameMs - joinedMs} ms after joining)`,
    );
  }

  async function checkDirectPath(label: string): Promise<void> {
    school.setFirewall('');
    const classroom = await openClassroom(`whiteboard-${label.split(' ')[0]}`);
    await waitForFlowingVideo(classroom.page, label);
    await record(label, classroom);
    const { recv } = await selectedPaths(classroom.page);
    expect(recv).toMatchObject({ candidateType: 'host', protocol: 'udp' });
    await classroom.page.context().close();
  }

  it('without a firewall the classroom takes the direct UDP path (the comparison)', async () => {
    await checkDirectPath('direct UDP (first page of this browser)');
  });

  it.each([
    ['(a) UDP blocked, TCP only to the app and TURN/TLS', udpBlockedFirewall],
    ['(b) everything blocked but the app and TURN/TLS', onlyHttpsAndTurnTlsFirewall],
  ])('%s: the tutor is seen through the relay over TLS', async (label, firewall) => {
    school.setFirewall(firewall(school.hostIp, [appPort, coturn.tlsPort]));
    const classroom = await openClassroom(`whiteboard-${label.slice(1, 2)}`);
    await waitForFlowingVideo(classroom.page, label);
    await record(`${label.slice(0, 3)} TURN/TLS`, classroom);
    const { send, recv } = await selectedPaths(classroom.page);
    const relayOverTls = { candidateType: 'relay', relayProtocol: 'tls' };
    expect(recv).toMatchObject(relayOverTls);
    // The classroom's own camera and microphone leave the school the same way.
    expect(send).toMatchObject(relayOverTls);
    await classroom.page.context().close();
  });

  it('an ICE restart through the relay keeps the lesson going (restartIce)', async () => {
    school.setFirewall(onlyHttpsAndTurnTlsFirewall(school.hostIp, [appPort, coturn.tlsPort]));
    const classroom = await openClassroom('whiteboard-restart');
    await waitForFlowingVideo(classroom.page, 'before the restart');
    const participantId = classroom.participantId;
    const iceAnswers = async () =>
      (await receivedFrames(classroom.page)).filter((frame) => frame.includes('"iceParameters"'))
        .length;
    const before = await iceAnswers();
    await classroom.page.evaluate(() => window.passerelleLesson?.restartIce());
    // The server gave both transports new ICE credentials...
    expect(await iceAnswers()).toBe(before + 2);
    // ...and media flows again on them.
    await waitForFlowingVideo(classroom.page, 'after the restart');
    expect((await selectedPaths(classroom.page)).recv).toMatchObject({ candidateType: 'relay' });
    // Still the same connection: the restart did not fall back to a rejoin.
    expect(
      await classroom.page.evaluate(() => window.passerelleLesson?.store.get().self?.participantId),
    ).toBe(participantId);
    await classroom.page.context().close();
  });

  it('when the relay is cut off, ICE restarts by itself and media comes back on the same connection', async () => {
    school.setFirewall(onlyHttpsAndTurnTlsFirewall(school.hostIp, [appPort, coturn.tlsPort]));
    const classroom = await openClassroom('whiteboard-cut');
    await waitForFlowingVideo(classroom.page, 'before the cut');
    const iceAnswers = async () =>
      (await receivedFrames(classroom.page)).filter((frame) => frame.includes('"iceParameters"'))
        .length;
    const before = await iceAnswers();
    school.setFirewall(relayCutFirewall(school.hostIp, appPort, coturn.tlsPort));
    // The transports go disconnected, then failed or past their grace: the page restarts ICE.
    await waitFor(async () => (await iceAnswers()) > before, 'an ICE restart asked by the page');
    school.setFirewall(onlyHttpsAndTurnTlsFirewall(school.hostIp, [appPort, coturn.tlsPort]));
    await waitForFlowingVideo(classroom.page, 'after the relay came back');
    expect(
      await classroom.page.evaluate(() => window.passerelleLesson?.store.get().self?.participantId),
    ).toBe(classroom.participantId);
    await classroom.page.context().close();
  });

  it('the direct path again, with a warm browser (the comparison)', async () => {
    await checkDirectPath('direct UDP (warm)');
  });
});
