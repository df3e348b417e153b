import type { types } from 'mediasoup';
import type { MediaRoom } from '../../sfu';

/** RTP parameters as a browser would send them for a 3-layer VP8 simulcast camera. */
export function vp8SimulcastParameters(ssrcBase: number): types.RtpParameters {
  return {
    mid: '0',
    codecs: [
      {
        mimeType: 'video/VP8',
        payloadType: 96,
        clockRate: 90000,
        rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
      },
      { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 } },
    ],
    encodings: [0, 1, 2].map((layer) => ({
      ssrc: ssrcBase + layer * 2,
      rtx: { ssrc: ssrcBase + layer * 2 + 1 },
      scalabilityMode: 'L1T3',
      maxBitrate: [100_000, 300_000, 900_000][layer],
    })),
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }],
    rtcp: { cname: `cname-${ssrcBase}` },
  };
}

export function opusParameters(ssrc: number): types.RtpParameters {
  return {
    mid: '1',
    codecs: [
      {
        mimeType: 'audio/opus',
        payloadType: 111,
        clockRate: 48000,
        channels: 2,
        parameters: { useinbandfec: 1 },
      },
    ],
    encodings: [{ ssrc }],
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }],
    rtcp: { cname: `cname-${ssrc}` },
  };
}

/** A peer that joins `room` with a send transport and a 3-layer camera producer. */
export async function peerWithCamera(room: MediaRoom, peerId: string, ssrc: number) {
  room.addPeer(peerId, room.rtpCapabilities);
  const send = await room.createTransport(peerId, 'send');
  const producer = await room.produce(peerId, {
    transportId: send.id,
    kind: 'video',
    source: 'camera',
    rtpParameters: vp8SimulcastParameters(ssrc),
  });
  return { send, producer };
}
