import type { Participant } from './Participant';
import type { CameraPolicy, MicrophonePolicy, Role } from './protocol';

/**
 * Each role's camera, sent at join. A classroom's picture is read by the tutor
 * (who raises a hand, who speaks), as a thumbnail most of the time and never
 * larger than the spotlight: 640x360 at 15 frames a second in two layers
 * (320x180 and 640x360) costs an old whiteboard PC a fraction of 720p at 25
 * in three. The tutor is the class's whole picture of the lesson: 720p.
 * From 640x360 Chrome sends only two simulcast layers, so asking for three
 * would encode a third nobody receives. While the class is only a thumbnail
 * (nobody watches its top layer, signaling/dynacast), its page captures at
 * 320x180 and 10 frames a second: the lowest layer keeps its size, and the
 * old PC no longer captures and scales 640x360 frames it never sends, and
 * encodes two thirds as many. The spotlight brings the full capture back with
 * the top layer. The tutor's camera is always someone's whole picture.
 */
export const CAMERA_POLICY_BY_ROLE: Readonly<Record<Role, CameraPolicy | null>> = {
  tutor: { width: 1280, height: 720, frameRate: 25, simulcastLayers: 3 },
  classroom: {
    width: 640,
    height: 360,
    frameRate: 15,
    simulcastLayers: 2,
    thumbnail: { scaleDownBy: 2, frameRate: 10 },
  },
  inspector: null,
  coordinator: null,
  // A pupil at home whose link allows the camera: a small single-layer picture a modest laptop
  // or tablet encodes easily, seen by the tutor and its own class only.
  pupil: { width: 320, height: 240, frameRate: 15, simulcastLayers: 1 },
};

export function cameraPolicyFor(participant: Participant): CameraPolicy | null {
  return participant.can('produceCamera') ? CAMERA_POLICY_BY_ROLE[participant.role] : null;
}

/**
 * Each role's microphone, sent at join. A class listens most of the lesson: with Opus DTX its
 * microphone sends two small packets every 420 ms of room silence (a DTX mark and a comfort-
 * noise refresh, 4.8 a second in Chromium) instead of 50 a second, which spares the school's thin uplink and the SFU (a quarter of a
 * lesson's forwarded packets; README, Benchmarks). A pupil at home given the floor likewise.
 * The tutor stays continuous: her pronunciation is the lesson, and on a weak school line the
 * first packet after a DTX pause carries no in-band FEC of the one before, so a loss there
 * clips the start of her word; she talks two thirds of the lesson, so DTX would save little.
 */
export const MICROPHONE_POLICY_BY_ROLE: Readonly<Record<Role, MicrophonePolicy | null>> = {
  tutor: { dtx: false },
  classroom: { dtx: true },
  pupil: { dtx: true },
  inspector: null,
  coordinator: null,
};

/** By role, not by the grant of the moment: a pupil's page produces its microphone later. */
export function microphonePolicyFor(participant: Participant): MicrophonePolicy | null {
  return MICROPHONE_POLICY_BY_ROLE[participant.role];
}
