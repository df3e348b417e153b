/** Why a media operation was refused; the signalling layer maps these to wire codes. */
export type MediaRoomErrorReason =
  | 'not_found'
  | 'invalid'
  | 'incompatible'
  | 'closed'
  /** Over one of the peer's MediaPeerLimits. */
  | 'limit';

export class MediaRoomError extends Error {
  readonly reason: MediaRoomErrorReason;

  constructor(reason: MediaRoomErrorReason, message: string) {
    super(message);
    this.name = 'MediaRoomError';
    this.reason = reason;
  }
}
