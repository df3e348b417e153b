import type { MediaKind } from './media';
import type { Role } from './roles';

/**
 * Whether a page of `receiverRole` takes `ownerRole`'s `kind` track. A whiteboard shows only
 * the tutor's picture: other classrooms' cameras would cost an old PC decoding and bandwidth
 * for nothing (it still hears them). The server follows it for what it prepares within a join,
 * the page for what it consumes afterwards.
 */
export function receivesTrack(
  receiverRole: Role,
  ownerRole: Role | undefined,
  kind: MediaKind,
): boolean {
  if (receiverRole !== 'classroom' || kind !== 'video') return true;
  // A pupil at home reaches only its own class (describeFor): its class sees it.
  return ownerRole === 'tutor' || ownerRole === 'pupil';
}
