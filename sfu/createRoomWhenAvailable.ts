import { MediaRoom } from './MediaRoom';
import { eventOrDelay } from './TypedEmitter';
import type { MediaRoomOptions } from './mediaRoomTypes';

export interface RecoveryOptions extends MediaRoomOptions {
  /** Told of each failed attempt (for the log) and how long until the next one at most. */
  onAttemptFailed?: (error: unknown, attempt: number, retryInMs: number) => void;
  /** Checked before each attempt: the owner may have closed meanwhile. */
  cancelled?: () => boolean;
}

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2_000;

export class RecoveryCancelledError extends Error {
  constructor() {
    super('room recovery cancelled');
    this.name = 'RecoveryCancelledError';
  }
}

/**
 * Creates a room, retrying until a worker can host it. When every worker
 * died at once no attempt can succeed until the pool has respawned one, so
 * each retry waits for the pool's `workerReplaced` or a doubling delay
 * (capped at 2 s), whichever comes first: media is back as soon as a worker is.
 */
export async function createRoomWhenAvailable(options: RecoveryOptions): Promise<MediaRoom> {
  let delayMs = FIRST_RETRY_MS;
  for (let attempt = 1; ; attempt++) {
    if (options.cancelled?.()) throw new RecoveryCancelledError();
    try {
      return await MediaRoom.create(options);
    } catch (error) {
      options.onAttemptFailed?.(error, attempt, delayMs);
    }
    await workerOrDelay(options, delayMs);
    delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
  }
}

function workerOrDelay({ pool }: MediaRoomOptions, delayMs: number): Promise<void> {
  return eventOrDelay(pool, 'workerReplaced', delayMs);
}
