import { describe, expect, it } from 'vitest';
import { askAgainWhile, type JanusEvent } from '../../signaling/bench/media/janusApi';

const refused = (error: string): JanusEvent => ({
  janus: 'event',
  plugindata: { data: { videoroom: 'event', error_code: 428, error } },
});
const joined: JanusEvent = { janus: 'event', plugindata: { data: { videoroom: 'attached' } } };

/** A Janus that answers `answers` in turn (the last one again once they run out). */
function janus(...answers: JanusEvent[]) {
  const sent: number[] = [];
  const send = async () => {
    sent.push(sent.length);
    return answers[Math.min(sent.length - 1, answers.length - 1)]!;
  };
  return { send, sent };
}

const retry = { attempts: 4, delayMs: 0 };

describe("bench:media's Janus subscriber, while a publisher is not up yet", () => {
  it('asks again while Janus says "No such feed", and takes the answer once it accepts', async () => {
    const { send, sent } = janus(refused('No such feed (1)'), refused('No such feed (1)'), joined);
    await expect(askAgainWhile(send, 'No such feed', retry)).resolves.toBe(joined);
    expect(sent).toHaveLength(3);
  });

  it('gives up after its attempts with the refusal itself', async () => {
    const { send, sent } = janus(refused('No such feed (1)'));
    await expect(askAgainWhile(send, 'No such feed', retry)).rejects.toThrow(
      'videoroom: No such feed (1)',
    );
    expect(sent).toHaveLength(4);
  });

  it('does not ask again on any other refusal', async () => {
    const { send, sent } = janus(refused('No such room (1234)'), joined);
    await expect(askAgainWhile(send, 'No such feed', retry)).rejects.toThrow('No such room');
    expect(sent).toHaveLength(1);
  });
});
