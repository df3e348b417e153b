import { Device } from 'mediasoup-client';
import { io } from 'socket.io-client';
import {
  NO_FIGURES,
  READINESS_PATHS,
  type PathOutcome,
  type ReadinessReport,
} from '../../../lesson-plans/contract/readiness';
import {
  PROTOCOL_VERSION,
  type CheckHandshakeAuth,
  type CheckTargets,
  type ProbePath,
} from '../../../signaling/protocol';
import { request, type LessonSocket } from '../lesson/signalingClient';
import { probePath } from './probePath';
import { startTestStream } from './testStream';
import { reportOf } from './verdict';

/** What the page shows while the check runs, step by step. */
export interface CheckProgress {
  https: boolean;
  websocket: 'pending' | 'ok' | 'failed';
  /** The path being tried now, if any. */
  running: ProbePath | null;
  paths: PathOutcome[];
  targets: CheckTargets | null;
}

export interface CheckResult {
  report: ReadinessReport;
  targets: CheckTargets | null;
}

const SOCKET_TIMEOUT_MS = 8_000;

/**
 * The readiness check, in the order a lesson needs things: HTTPS (the page is here, so its
 * certificate was trusted), the WebSocket, then each media path one after the other (in
 * parallel they would measure each other).
 */
export async function runCheck(
  checkToken: string,
  onProgress: (progress: CheckProgress) => void,
): Promise<CheckResult> {
  const progress: CheckProgress = {
    https: window.location.protocol === 'https:',
    websocket: 'pending',
    running: null,
    paths: [],
    targets: null,
  };
  const context = { https: progress.https, secure: window.isSecureContext };
  const update = (change: Partial<CheckProgress>) => onProgress(Object.assign(progress, change));
  update({});
  const socket = await openCheckSocket(checkToken).catch(() => null);
  update({ websocket: socket ? 'ok' : 'failed' });
  if (!socket) {
    const paths = READINESS_PATHS.map((path) => untried(path, 'failed'));
    return { report: reportOf(paths, { ...context, websocket: false }), targets: null };
  }
  try {
    const started = await request(socket, 'startCheck', {});
    update({ targets: started.targets });
    const device = new Device();
    // Checked against the protocol's schema by request(); mediasoup-client validates the rest.
    await device.load({ routerRtpCapabilities: started.rtpCapabilities as never });
    const stream = startTestStream();
    try {
      for (const path of READINESS_PATHS) {
        update({ running: path });
        const outcome = started.paths.includes(path)
          ? await probePath(socket, device, path, stream.track)
          : untried(path, 'not_configured');
        update({ running: null, paths: [...progress.paths, outcome] });
      }
    } finally {
      stream.stop();
    }
    const report = reportOf(progress.paths, { ...context, websocket: true });
    return { report, targets: started.targets };
  } finally {
    socket.disconnect();
  }
}

function untried(path: ProbePath, outcome: 'failed' | 'not_configured'): PathOutcome {
  return { path, outcome, durationMs: 0, ...NO_FIGURES };
}

/** socket.io over WebSocket only, as the lesson connects: the check tests what a lesson uses. */
function openCheckSocket(token: string): Promise<LessonSocket> {
  const auth: CheckHandshakeAuth = { token, purpose: 'check', protocolVersion: PROTOCOL_VERSION };
  const socket: LessonSocket = io(window.location.origin, {
    auth: { ...auth },
    transports: ['websocket'],
    reconnection: false,
    timeout: SOCKET_TIMEOUT_MS,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}
