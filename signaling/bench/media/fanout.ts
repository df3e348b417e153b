/*
 * The calibration: one publisher's 1.06 Mbit/s VP8-like stream fanned
 * out to N subscribers on the bare router, each on its own transport. Its
 * figures (worker CPU per subscriber stream, per forwarded packet) compare a
 * day's machine with the (2.5-2.8 ms/s per stream, 21-24 µs/packet),
 * so runs on a slower day can be read against each other.
 */
import type { ExtensionSet } from './extensions';
import type { DtxSetting } from './dtx';
import { bareLink } from './links';
import { WeriftTransport, streamCounts, type InCounter, type StreamCount } from './peer';
import { Vp8Layer, paced } from './synthetic';

/**
 * The stream: 1.06 Mbit/s at 30 fps, packed as a browser packs it (synthetic.ts): four
 * packets of ~1.1 KB a frame, about 123 packets a second with its key frames.
 */
export const FANOUT_STREAM = { bitrateBps: 1_060_000, frameRate: 30 };

/** A running fan-out, as the client process counts and stops it. */
export interface Fanout {
  counts(): StreamCount[];
  close(): Promise<void>;
}

export async function runFanout(
  id: string,
  subscribers: number,
  negotiated: { extensions: ExtensionSet; dtx?: DtxSetting },
): Promise<Fanout> {
  const publisher = bareLink(`${id}/publisher`);
  const rtp = { ...(await publisher.payloadTypes()), ...negotiated };
  await publisher.join(rtp);
  const sendInfo = await publisher.createTransport('send');
  const sending = new WeriftTransport(rtp);
  sending.pace(FANOUT_STREAM.bitrateBps);
  const stream = sending.addOutStream('video');
  await sending.negotiate(sendInfo, (fingerprint) =>
    publisher.connectTransport(sendInfo.id, fingerprint),
  );
  const producerId = await publisher.produce({
    transportId: sendInfo.id,
    kind: 'video',
    source: 'camera',
    rtp,
    ssrcs: [stream.ssrc],
  });
  const layer = new Vp8Layer(FANOUT_STREAM);
  stream.onPli(() => layer.requestKeyFrame());
  const timer = paced(1000 / FANOUT_STREAM.frameRate, (now) => {
    for (const packet of layer.nextFrame(now)) stream.send(packet);
  });
  const transports = [sending];
  const links = [publisher];
  const received: { name: string; counter: InCounter }[] = [];
  for (let index = 0; index < subscribers; index++) {
    const link = bareLink(`${id}/subscriber${index}`);
    links.push(link);
    await link.join(rtp);
    const info = await link.createTransport('recv');
    const transport = new WeriftTransport(rtp);
    transports.push(transport);
    const { consumerId, ssrc } = await link.consume(info.id, producerId);
    received.push({
      name: `subscriber${index}<-publisher:video`,
      counter: transport.addInStream('video', ssrc),
    });
    await transport.negotiate(info, (fingerprint) => link.connectTransport(info.id, fingerprint));
    await link.resumeConsumer(consumerId);
  }
  return {
    counts: () => streamCounts([{ name: 'publisher:camera', stream }], received),
    close: async () => {
      clearInterval(timer);
      await Promise.all(transports.map((transport) => transport.close()));
      await Promise.all(links.map((link) => link.close()));
    },
  };
}
