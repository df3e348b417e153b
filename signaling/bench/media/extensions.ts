/*
 * The RTP header extensions a bench client negotiates. A browser sends the
 * microphone's audio level (which the ActiveSpeakerObserver reads) and a
 * transport-wide sequence number on every packet, and answers with
 * transport-cc feedback (which mediasoup's send-side bandwidth estimation
 * reads). Both cost the SFU work per packet, so the bench can run with none,
 * with the audio level only, or with both ('browser'), on every target alike.
 */
import { useAudioLevelIndication, useTransportWideCC } from 'werift';

export const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';
export const TRANSPORT_CC_URI =
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';

export type ExtensionSet = 'none' | 'audio-level' | 'browser';
export const EXTENSION_SETS: readonly ExtensionSet[] = ['none', 'audio-level', 'browser'];

/** The ids the SFU's router gives the two extensions (mediasoup: 10 and 5); the clients use them. */
export interface ExtensionIds {
  audioLevel: number;
  transportCc: number;
}

export function hasAudioLevel(set: ExtensionSet): boolean {
  return set !== 'none';
}

export function hasTransportCc(set: ExtensionSet): boolean {
  return set === 'browser';
}

interface HeaderExtensionCapability {
  kind: string;
  uri: string;
  preferredId: number;
}

/** The router's ids for the two extensions, read from its RTP capabilities. */
export function extensionIdsOf(capabilities: {
  headerExtensions?: HeaderExtensionCapability[];
}): ExtensionIds {
  const find = (kind: string, uri: string) => {
    const found = capabilities.headerExtensions?.find((e) => e.kind === kind && e.uri === uri);
    if (!found) throw new Error(`the router offers no ${uri} for ${kind}`);
    return found.preferredId;
  };
  return {
    audioLevel: find('audio', AUDIO_LEVEL_URI),
    transportCc: find('video', TRANSPORT_CC_URI),
  };
}

/** werift's own configuration: which extensions it offers (the answer's a=extmap gives the ids). */
export function weriftHeaderExtensions(set: ExtensionSet) {
  const audio = [];
  const video = [];
  if (hasAudioLevel(set)) audio.push(useAudioLevelIndication());
  if (hasTransportCc(set)) {
    // One object for both kinds: werift numbers each object, and a bundle needs one id per URI.
    const transportCc = useTransportWideCC();
    audio.push(transportCc);
    video.push(transportCc);
  }
  return { audio, video };
}

/** The capabilities' header extensions (mediasoup-client's shape) a browser-like client declares. */
export function capabilityExtensions(set: ExtensionSet, ids: ExtensionIds) {
  const list: { kind: 'audio' | 'video'; uri: string; preferredId: number; direction: string }[] =
    [];
  if (hasAudioLevel(set))
    list.push({
      kind: 'audio',
      uri: AUDIO_LEVEL_URI,
      preferredId: ids.audioLevel,
      direction: 'sendrecv',
    });
  if (hasTransportCc(set))
    for (const kind of ['audio', 'video'] as const)
      list.push({
        kind,
        uri: TRANSPORT_CC_URI,
        preferredId: ids.transportCc,
        direction: 'sendrecv',
      });
  return list;
}

/** A producer's header extensions: what its client writes into each packet. */
export function producerExtensions(set: ExtensionSet, kind: 'audio' | 'video', ids: ExtensionIds) {
  const list: { uri: string; id: number }[] = [];
  if (kind === 'audio' && hasAudioLevel(set))
    list.push({ uri: AUDIO_LEVEL_URI, id: ids.audioLevel });
  if (hasTransportCc(set)) list.push({ uri: TRANSPORT_CC_URI, id: ids.transportCc });
  return list;
}

/** transport-cc feedback on each codec, as a browser declares it when it does transport-cc. */
export function transportCcFeedback(set: ExtensionSet): { type: string }[] {
  return hasTransportCc(set) ? [{ type: 'transport-cc' }] : [];
}

/** The answer's a=extmap lines for one m-section: the ids werift then uses. */
export function extmapLines(
  set: ExtensionSet,
  kind: 'audio' | 'video',
  ids: ExtensionIds,
): string[] {
  return producerExtensions(set, kind, ids).map(({ uri, id }) => `a=extmap:${id} ${uri}`);
}
