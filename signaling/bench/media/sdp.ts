/*
 * The SFU side of an offer/answer with werift. mediasoup speaks ORTC (ICE and
 * DTLS parameters, RTP parameters per producer/consumer), werift speaks SDP, so
 * the bench writes the answer a browser's mediasoup-client would have written:
 * one ICE-lite, DTLS-passive transport bundling every m-section of the offer.
 */
import { extmapLines, type ExtensionIds, type ExtensionSet } from './extensions';

export interface IceParameters {
  usernameFragment: string;
  password: string;
}

export interface IceCandidate {
  foundation: string;
  priority: number;
  ip?: string;
  address?: string;
  protocol: 'udp' | 'tcp';
  port: number;
  type: string;
}

export interface DtlsFingerprint {
  algorithm: string;
  value: string;
}

/** What the SFU says about its end of a transport. */
export interface RemoteTransport {
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
  dtlsParameters: { fingerprints: DtlsFingerprint[] };
}

/** One m-section of the answer, in the offer's order. */
export interface AnswerSection {
  mid: string;
  kind: 'audio' | 'video';
  payloadType: number;
  /** Set when the SFU sends on this m-section (a consumer): its SSRC, announced to werift. */
  sendSsrc?: number;
}

const CODEC_LINE: Record<'audio' | 'video', (pt: number) => string[]> = {
  audio: (pt) => [`a=rtpmap:${pt} opus/48000/2`, `a=fmtp:${pt} minptime=10;useinbandfec=1`],
  video: (pt) => [`a=rtpmap:${pt} VP8/90000`, `a=rtcp-fb:${pt} nack`, `a=rtcp-fb:${pt} nack pli`],
};

function candidateLine(candidate: IceCandidate, index: number): string {
  const ip = candidate.address ?? candidate.ip ?? '127.0.0.1';
  const tcp = candidate.protocol === 'tcp' ? ' tcptype passive' : '';
  return `a=candidate:${candidate.foundation} 1 ${candidate.protocol} ${candidate.priority - index} ${ip} ${candidate.port} typ ${candidate.type}${tcp}`;
}

/** The extensions the answer grants, at the router's ids. */
export interface AnswerExtensions {
  set: ExtensionSet;
  ids: ExtensionIds;
}

function section(
  remote: RemoteTransport,
  part: AnswerSection,
  first: boolean,
  extensions: AnswerExtensions,
): string[] {
  const fingerprint = remote.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256');
  if (!fingerprint) throw new Error('the SFU gave no sha-256 fingerprint');
  const lines = [
    `m=${part.kind} 7 UDP/TLS/RTP/SAVPF ${part.payloadType}`,
    'c=IN IP4 127.0.0.1',
    `a=mid:${part.mid}`,
    part.sendSsrc === undefined ? 'a=recvonly' : 'a=sendonly',
    `a=ice-ufrag:${remote.iceParameters.usernameFragment}`,
    `a=ice-pwd:${remote.iceParameters.password}`,
    `a=fingerprint:sha-256 ${fingerprint.value}`,
    // The SFU is the DTLS server; werift, told it is the client, starts the handshake.
    'a=setup:passive',
    'a=rtcp-mux',
    ...CODEC_LINE[part.kind](part.payloadType),
    ...extmapLines(extensions.set, part.kind, extensions.ids),
  ];
  if (part.sendSsrc !== undefined) {
    lines.push(`a=msid:sfu track-${part.mid}`, `a=ssrc:${part.sendSsrc} cname:sfu`);
  }
  // Bundled: only the first m-section needs the candidates.
  if (first) lines.push(...remote.iceCandidates.map(candidateLine), 'a=end-of-candidates');
  return lines;
}

/** The SDP answer for werift's offer of `sections`, standing for the SFU's transport. */
export function sfuAnswer(
  remote: RemoteTransport,
  sections: AnswerSection[],
  extensions: AnswerExtensions,
): string {
  const head = [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=ice-lite',
    `a=group:BUNDLE ${sections.map((s) => s.mid).join(' ')}`,
  ];
  const body = sections.flatMap((part, index) => section(remote, part, index === 0, extensions));
  return [...head, ...body, ''].join('\r\n');
}

/** werift's own DTLS fingerprint, read from its local description. */
export function localFingerprint(sdp: string): DtlsFingerprint {
  const match = /a=fingerprint:(\S+) (\S+)/.exec(sdp);
  if (!match) throw new Error('werift offered no fingerprint');
  return { algorithm: match[1]!, value: match[2]! };
}
