import type {
  Capability,
  MediaSource,
  ParticipantInfo,
  PupilGrants,
} from '../../../signaling/protocol';
import type { EarlyConnection } from './earlyConnection';
import type { EarlyMedia } from './earlyMedia';

export type LessonPhase = 'connecting' | 'joined' | 'reconnecting' | 'failed' | 'left';

export interface RemoteTrackInfo {
  consumerId: string;
  producerId: string;
  participantId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  paused: boolean;
}

/** Everything the lesson UI renders (see web/STATE.md). Tracks live outside, in LessonClient. */
export interface LessonState {
  phase: LessonPhase;
  error: { code: string; message: string } | null;
  mediaError: string | null;
  self: ParticipantInfo | null;
  participants: ParticipantInfo[];
  remoteTracks: RemoteTrackInfo[];
  localSources: Partial<Record<MediaSource, { producerId: string; paused: boolean }>>;
  activeSpeakerId: string | null;
  /** What this page may do now, as the server says (a pupil's grants included). */
  capabilities: Capability[];
  /** The grants of the pupils at home this page may give or take back (tutor, classroom). */
  pupilGrants: PupilGrants[];
}

export interface LessonClientOptions {
  serverUrl: string;
  sessionId: string;
  token: string;
  /** Camera capture size; tests use 320x240 to spare CPU. */
  video?: { width: number; height: number };
  /** Camera capture frame rate (default 25); tests lower it to spare CPU. */
  frameRate?: number;
  /**
   * The issue-14 behaviour (default on): stop encoding layers nobody watches, capture as the
   * server's policy says, start new videos on their lowest layer, defer what can wait until
   * the first frame. Only the page benchmark turns it off (`?dynacast=0`), as its baseline.
   */
  dynacast?: boolean;
  /** The socket the connect-only path opened before this client's chunk arrived, to adopt. */
  early?: EarlyConnection;
  /** The Device, recv transport and consumers the early receive path made, to adopt. */
  earlyMedia?: EarlyMedia;
}

/** Performance marks: when the page joined, and when it painted its first remote video frame. */
export const JOINED_MARK = 'passerelle:joined';
export const FIRST_REMOTE_FRAME_MARK = 'passerelle:first-remote-frame';
/** The steps between the two, for `npm run bench:page`'s split of the first frame. */
export const FIRST_FRAME_STEP_MARKS = {
  /**
   * The whiteboard's waiting screen decided to join (on time by itself, or the teacher's
   * button): where a classroom's lesson starts without a navigation (ClassroomHome).
   */
  waitingScreenJoin: 'passerelle:waiting-screen-join',
  /** The connect-only path's chunk has run and opened the socket (earlyConnection.ts). */
  earlyConnection: 'passerelle:early-connection',
  /** The early receive path's chunk (mediasoup-client) has run and loads the Device (earlyMedia.ts). */
  earlyMedia: 'passerelle:early-media',
  /** The lesson client's chunk (zod, the protocol, LessonClient) has run. */
  lessonClient: 'passerelle:lesson-client',
  /** The React app's chunk has run and starts rendering. */
  app: 'passerelle:app',
  /** React has mounted the lesson page: before issue 14 the socket only opened then. */
  mounted: 'passerelle:lesson-mounted',
  connected: 'passerelle:socket-connected',
  routerCapabilities: 'passerelle:router-capabilities',
  /** mediasoup-client's Device has loaded (from the cached router capabilities when it can). */
  deviceLoaded: 'passerelle:device-loaded',
  recvTransport: 'passerelle:recv-transport',
  consumed: 'passerelle:first-consume',
  recvConnected: 'passerelle:recv-connected',
  resumed: 'passerelle:first-resume',
} as const;

/** Marks `name` the first time only: reconnections must not move the page's first figures. */
export function markOnce(name: string): void {
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}

export const INITIAL_LESSON_STATE: LessonState = {
  phase: 'connecting',
  error: null,
  mediaError: null,
  self: null,
  participants: [],
  remoteTracks: [],
  localSources: {},
  activeSpeakerId: null,
  capabilities: [],
  pupilGrants: [],
};
