import type { Participant } from './Participant';
import type { CameraPolicy, Role } from './protocol';

/**
 * Each role's camera, sent at join. A classroom's picture is read by the tutor
 * (who raises a hand, who speaks), as a thumbnail most of the time and never
 * larger than the spotlight: 640x360 at 15 frames a second in two layers
 * (320x180 and 640x360) costs an old whiteboard PC a fraction of 720p at 25
 * in three. The tutor is the class's whole picture of the lesson: 720p.
 * From 640x360 Chrome sends only two simulcast layers, so asking for three
 * would encode a third nobody receives.
 */
export const CAMERA_POLICY_BY_ROLE: Readonly<Record<Role, CameraPolicy | null>> = {
  tutor: { width: 1280, height: 720, frameRate: 25, simulcastLayers: 3 },
  classroom: { width: 640, height: 360, frameRate: 15, simulcastLayers: 2 },
  inspector: null,
  coordinator: null,
};

export function cameraPolicyFor(participant: Participant): CameraPolicy | null {
  return participant.can('produceCamera') ? CAMERA_POLICY_BY_ROLE[participant.role] : null;
}
