import type { Capability, ParticipantInfo } from '../../../signaling/protocol';
import type { LessonState } from './lessonState';
import { withPupilGrants } from './onDemandSources';
import type { Receiver } from './receiving';
import type { Sender } from './sending';
import type { LessonSocket } from './signalingClient';
import type { Store } from './store';

export interface NotificationTargets {
  store: Store<LessonState>;
  receiver: Receiver;
  sender: Sender;
  /** The media server restarted: the client tears its media down and joins again. */
  onMediaReset: () => void;
}

/**
 * What the server announces during a lesson, applied to the lesson client's parts: the
 * participants and the tracks in its store, the consumers (Receiver), the producers and the
 * layers they encode (Sender). LessonClient listens once the join's snapshot has been applied.
 */
export function listenNotifications(socket: LessonSocket, targets: NotificationTargets): void {
  const { store, receiver, sender } = targets;
  socket.on('participantJoined', (info) => upsertParticipant(store, info));
  socket.on('participantLeft', ({ participantId }) => removeParticipant(store, participantId));
  socket.on('producerAdded', (producer) => void receiver.consume(producer));
  socket.on('producerClosed', ({ producerId }) => receiver.dropConsumersOf(producerId));
  socket.on('producerPaused', ({ producerId }) => receiver.setRemotePaused(producerId, true));
  socket.on('producerResumed', ({ producerId }) => receiver.setRemotePaused(producerId, false));
  socket.on('consumerClosed', ({ consumerId }) => receiver.dropConsumer(consumerId));
  socket.on('activeSpeakerChanged', ({ participantId }) =>
    store.set({ activeSpeakerId: participantId }),
  );
  // The same link opened elsewhere took over; reconnecting here would take it back in a loop.
  socket.on('connectionReplaced', ({ reason }) =>
    store.set({ phase: 'failed', error: { code: 'replaced', message: reason } }),
  );
  socket.on('consumerLayersChanged', ({ consumerId, spatialLayer }) =>
    receiver.layers.handleLayersChanged(consumerId, spatialLayer),
  );
  socket.on('producerLayersWanted', ({ producerId, maxSpatialLayer }) => {
    void sender.layers.handleWanted(producerId, maxSpatialLayer);
  });
  socket.on('mutedByTutor', ({ muted }) => sender.applyTutorMute(muted));
  socket.on('capabilitiesChanged', ({ capabilities }) =>
    applyCapabilities(store, sender, capabilities),
  );
  socket.on('pupilGrantsChanged', (grants) => store.set(withPupilGrants(grants)));
  // The uplink cannot hold the camera's lowest layer (or is being tried again): sound goes on.
  socket.on('cameraSuspended', ({ suspended }) => {
    void sender.layers.setCameraSuspended(suspended);
  });
  socket.on('mediaReset', targets.onMediaReset);
}

function upsertParticipant(store: Store<LessonState>, info: ParticipantInfo): void {
  store.set((state) => ({
    participants: [
      ...state.participants.filter((p) => p.participantId !== info.participantId),
      info,
    ],
  }));
}

function removeParticipant(store: Store<LessonState>, participantId: string): void {
  store.set((state) => ({
    participants: state.participants.filter((p) => p.participantId !== participantId),
    remoteTracks: state.remoteTracks.filter((t) => t.participantId !== participantId),
  }));
}

/** The server's verdict changed: without the floor, the microphone stops here too. */
function applyCapabilities(store: Store<LessonState>, sender: Sender, capabilities: Capability[]) {
  store.set({ capabilities });
  if (!capabilities.includes('produceMicrophone')) sender.dropLocalSource('microphone');
}
