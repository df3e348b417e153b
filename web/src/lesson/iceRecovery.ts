import type { types } from 'mediasoup-client';

/** A `disconnected` transport often heals by itself (a Wi-Fi blip); after this long, ICE restarts. */
export const ICE_DISCONNECTED_GRACE_MS = 4_000;
/** How long a restarted transport has to connect again before the page rejoins from scratch. */
export const ICE_RESTART_DEADLINE_MS = 12_000;

export interface IceRecoveryOptions {
  /** New ICE parameters from the server for this transport (the `restartIce` request). */
  restartOnServer: () => Promise<types.IceParameters>;
  /** The restart did not bring the transport back: the caller rejoins the lesson. */
  onGiveUp: () => void;
}

/** Restarts a transport's ICE on both ends: new credentials, and every path gathered and tried again. */
export async function restartTransportIce(
  transport: types.Transport,
  restartOnServer: () => Promise<types.IceParameters>,
): Promise<void> {
  const iceParameters = await restartOnServer();
  await transport.restartIce({ iceParameters });
}

/**
 * Watches a transport's connection. ICE itself tries direct UDP, ICE-TCP to the media server and
 * the TURN relay; when all of them failed (or the connection stays `disconnected`), one ICE restart
 * tries them again on the same transports, keeping producers and consumers. If that does not bring
 * the transport back, the full rejoin (`onGiveUp`) builds everything anew.
 */
export function recoverIceOnFailure(transport: types.Transport, options: IceRecoveryOptions): void {
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  let restarting = false;
  let gaveUp = false;

  const giveUp = () => {
    clearTimeout(graceTimer);
    clearTimeout(deadlineTimer);
    if (gaveUp || transport.closed) return;
    gaveUp = true;
    options.onGiveUp();
  };
  const restart = () => {
    if (restarting) return giveUp(); // failed again after a restart
    restarting = true;
    deadlineTimer = setTimeout(giveUp, ICE_RESTART_DEADLINE_MS);
    restartTransportIce(transport, options.restartOnServer).catch(giveUp);
  };

  transport.on('connectionstatechange', (state) => {
    clearTimeout(graceTimer);
    if (state === 'connected') {
      clearTimeout(deadlineTimer);
      restarting = false;
    } else if (state === 'failed') {
      restart();
    } else if (state === 'disconnected') {
      graceTimer = setTimeout(restart, ICE_DISCONNECTED_GRACE_MS);
    } else if (state === 'closed') {
      clearTimeout(deadlineTimer);
    }
  });
}
