import type { MediaSource, ParticipantInfo } from '../../../signaling/protocol';

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
}

/** Performance marks: when the page joined, and when it painted its first remote video frame. */
export const JOINED_MARK = 'passerelle:joined';
export const FIRST_REMOTE_FRAME_MARK = 'passerelle:first-remote-frame';

export const INITIAL_LESSON_STATE: LessonState = {
  phase: 'connecting',
  error: null,
  mediaError: null,
  self: null,
  participants: [],
  remoteTracks: [],
  localSources: {},
  activeSpeakerId: null,
};
