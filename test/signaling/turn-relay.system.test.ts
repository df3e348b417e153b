import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TurnRelay, turnPassword, turnUsername } from '../../signaling';
import { startCoturn, type Coturn } from '../helpers/coturn';
import { allocate } from '../helpers/turnClient';

const SECRET = 'coturn-static-auth-secret-for-the-tests';

/** coturn itself checks what the server mints: a real relay, a real TURN Allocate. */
describe('coturn accepts the credentials Passerelle mints, and only those', () => {
  let coturn: Coturn;
  let relay: TurnRelay;

  beforeAll(async () => {
    coturn = await startCoturn({ secret: SECRET });
    relay = new TurnRelay({ secret: SECRET, urls: coturn.urls, ttlSeconds: 3 * 3600 });
  });
  afterAll(async () => {
    await coturn?.close();
  });

  function credentialOf(subject: string) {
    const [server] = relay.iceServersFor(subject);
    return { username: server!.username, password: server!.credential };
  }

  it.each(['udp', 'tls'] as const)(
    'allocates with a fresh credential over %s',
    async (transport) => {
      const port = transport === 'udp' ? coturn.port : coturn.tlsPort;
      const outcome = await allocate({
        host: '127.0.0.1',
        port,
        transport,
        ...credentialOf(`fresh-${transport}`),
      });
      expect(outcome, coturn.log().slice(-1500)).toMatchObject({ ok: true });
      expect(outcome.ok && outcome.relayedPort).toBeGreaterThan(0);
    },
  );

  it('refuses an expired credential (401)', async () => {
    const username = turnUsername(Date.now() / 1000 - 60, 'expired');
    const outcome = await allocate({
      host: '127.0.0.1',
      port: coturn.tlsPort,
      transport: 'tls',
      username,
      password: turnPassword(SECRET, username),
    });
    expect(outcome).toMatchObject({ ok: false, errorCode: 401 });
  });

  it('refuses a credential signed with another secret (401)', async () => {
    const username = turnUsername(Date.now() / 1000 + 3600, 'forged');
    const outcome = await allocate({
      host: '127.0.0.1',
      port: coturn.tlsPort,
      transport: 'tls',
      username,
      password: turnPassword('another-secret-another-secret-another', username),
    });
    expect(outcome).toMatchObject({ ok: false, errorCode: 401 });
  });

  it('refuses a fresh credential moved to another subject (401)', async () => {
    const { password } = credentialOf('holder');
    const [expiry] = credentialOf('holder').username.split(':');
    const outcome = await allocate({
      host: '127.0.0.1',
      port: coturn.port,
      transport: 'udp',
      username: `${expiry}:someone-else`,
      password,
    });
    expect(outcome).toMatchObject({ ok: false, errorCode: 401 });
  });
});

describe('the sample deploy/turnserver.conf', () => {
  it('runs in coturn and accepts a minted credential over TLS', async () => {
    const coturn = await startCoturn({ secret: SECRET, sampleConfig: true });
    try {
      const relay = new TurnRelay({ secret: SECRET, urls: coturn.urls, ttlSeconds: 3 * 3600 });
      const [server] = relay.iceServersFor('sample-config');
      const outcome = await allocate({
        host: '127.0.0.1',
        port: coturn.tlsPort,
        transport: 'tls',
        username: server!.username,
        password: server!.credential,
      });
      expect(outcome, coturn.log().slice(-1500)).toMatchObject({ ok: true });
      expect(coturn.log()).not.toMatch(/CONFIG ERROR|Bad configuration/i);
    } finally {
      await coturn.close();
    }
  });
});
