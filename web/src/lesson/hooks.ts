import { useSyncExternalStore } from 'react';
import type { ActivityState } from './LessonActivity';
import type { LessonClient, LessonState, RemoteTrackInfo } from './LessonClient';

export function useLessonState(client: LessonClient): LessonState {
  return useSyncExternalStore(client.store.subscribe, client.store.get);
}

export function useActivityState(client: LessonClient): ActivityState {
  return useSyncExternalStore(client.activity.store.subscribe, client.activity.store.get);
}

/** The remote video of one participant: its screen share when it shares, else its camera. */
export function videoOf(
  state: LessonState,
  participantId: string,
  source?: 'camera' | 'screen',
): RemoteTrackInfo | undefined {
  const videos = state.remoteTracks.filter(
    (t) => t.participantId === participantId && t.kind === 'video',
  );
  if (source) return videos.find((t) => t.source === source);
  return videos.find((t) => t.source === 'screen') ?? videos.find((t) => t.source === 'camera');
}

export function nameOf(state: LessonState, participantId: string): string {
  return state.participants.find((p) => p.participantId === participantId)?.displayName ?? '';
}
