import { describe, expect, it } from 'vitest';
import { runBench } from '../../signaling/bench/media/media.bench';
import { STREAMS_PER_LESSON } from '../../signaling/bench/media/lesson';

/*
 * bench:media in small: two lessons on each SFU (Passerelle, bare mediasoup, Janus) for a few
 * seconds, so the benchmark never rots. Nothing here is timed; it asserts that media really
 * flowed end to end (werift → SFU → werift) on every stream of every lesson, and that the
 * clients' audio level and transport-cc, as a browser sends them, are in use in the worker, the
 * classes' microphones use Opus DTX as the product's policy says, and Passerelle's clients switch
 * off the layers its dynacast says nobody watches.
 */
describe('bench:media smoke', () => {
  it('two lessons flow on Passerelle, the bare mediasoup router and Janus, every stream delivered, with the audio level, transport-cc and dynacast in use', async () => {
    const rows = await runBench(
      {
        lessons: [2],
        seconds: 3,
        // mediasoup's estimate starts at 600 kbit/s: the inspector's videos wait for it to rise.
        warmupSeconds: 6,
        clients: 1,
        targets: ['passerelle', 'bare', 'janus'],
        extensions: ['browser'],
        dtx: ['on'],
        // No spotlight move within the smoke's few seconds: each lesson's thumbnail class then
        // has its top layer off from 2 s after its consumers exist (LOWER_DELAY_MS) until the
        // end, where the worker is asked. A move every 15 s, counted from each lesson's own
        // setup, could otherwise fall just before the check on a slow machine.
        spotlightSwapMs: 10 * 60_000,
      },
      false,
    );
    expect(rows.map((r) => r.target)).toEqual(['passerelle', 'bare', 'janus']);
    for (const r of rows) {
      console.log(
        `${r.target}: ${r.flowingStreams} streams, ${r.forwardedPps.toFixed(0)} packets/s forwarded, ` +
          `${r.msPerStream.toFixed(2)} ms/s SFU CPU per stream, worst loss ${(r.worstLoss * 100).toFixed(2)} %`,
      );
      expect(r.plannedStreams).toBe(2 * STREAMS_PER_LESSON);
      expect(r.flowingStreams).toBe(r.plannedStreams);
      expect(r.sentPps).toBeGreaterThan(0);
      expect(r.forwardedPps).toBeGreaterThan(0);
      expect(r.sfuCores).toBeGreaterThan(0);
      // The clients' sending tally reached the report (how far behind is the machine's business).
      expect(r.clientsBehind).toBeGreaterThanOrEqual(0);
      expect(r.clientsBehind).toBeLessThanOrEqual(1);
    }
    for (const r of rows.filter((row) => row.target !== 'janus')) {
      const check = r.check!;
      console.log(`${r.target}: ${JSON.stringify(check)}`);
      // Every microphone's producer carries the audio level, every producer transport-cc.
      expect(check.microphones).toBe(6);
      expect(check.microphonesWithLevel).toBe(check.microphones);
      // The classes' microphones use Opus DTX as their pages ask (two a lesson), the tutor's not.
      expect(check.microphonesWithDtx).toBe(4);
      expect(check.producersWithTransportCc).toBe(check.producers);
      // The worker reads the levels the clients write (a quiet class under DTX may send nothing
      // in the observer's short window; the tutors' continuous microphones always do)...
      expect(check.microphonesHeard).toBeGreaterThanOrEqual(
        check.microphones - check.microphonesWithDtx,
      );
      // ...and the clients' transport-cc feedback gives every sending transport an estimate.
      expect(check.sendingTransports).toBe(8);
      expect(check.transportsWithEstimate).toBe(check.sendingTransports);
    }
    // Passerelle's clients follow dynacast as its pages do: each lesson's thumbnail class
    // (the tutor watches its lowest layer) switched its top layer off. The bare router says
    // nothing, so its clients send every layer.
    const passerelle = rows.find((r) => r.target === 'passerelle')!.check!;
    const bare = rows.find((r) => r.target === 'bare')!.check!;
    expect(passerelle.cameraLayers).toBe(2 * (3 + 2 + 2));
    expect(passerelle.idleCameraLayers).toBe(2);
    expect(bare.idleCameraLayers).toBe(0);
    // Passerelle's ActiveSpeakerObserver, one per lesson, named a speaker.
    expect(passerelle.speakerObservers).toBe(2);
    expect(passerelle.dominantSpeakerEvents).toBeGreaterThanOrEqual(2);
  });
});
