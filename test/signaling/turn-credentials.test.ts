import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../sfu';
import {
  LessonSession,
  TurnRelay,
  loadConfig,
  turnPassword,
  turnRelayFromConfig,
  turnUsername,
} from '../../signaling';
import type { IceServer, Role } from '../../signaling/protocol';
import { memoryParticipant, type MemoryParticipant } from '../helpers/memoryParticipant';

const SECRET = 'a-coturn-static-auth-secret-of-32-chars!';
const URLS = [
  'turn:turn.example.org:3478?transport=udp',
  'turn:turn.example.org:3478?transport=tcp',
  'turns:turn.example.org:443?transport=tcp',
];

describe('TURN REST API credentials (coturn use-auth-secret)', () => {
  it('signs `<expiry>:<subject>` with HMAC-SHA1 of the shared secret, in base64', () => {
    // Computed apart: printf '1700010800:participant-1' | openssl dgst -sha1 -hmac "$SECRET" -binary | base64
    expect(turnPassword(SECRET, '1700010800:participant-1')).toBe('wWL21tjojele8J5xJcBd4Yl1A2Y=');
    expect(turnUsername(1700010800.9, 'participant-1')).toBe('1700010800:participant-1');
  });

  it('refuses a subject containing the separator coturn splits on', () => {
    expect(() => turnUsername(1700010800, 'a:b')).toThrow();
  });

  it('mints a credential that expires TTL seconds from now, for every URL of the relay', () => {
    const relay = new TurnRelay({
      secret: SECRET,
      urls: URLS,
      ttlSeconds: 3 * 3600,
      nowSeconds: () => 1_700_000_000,
    });
    const [server] = relay.iceServersFor('participant-1');
    expect(server).toEqual({
      urls: URLS,
      username: `${1_700_000_000 + 3 * 3600}:participant-1`,
      credential: turnPassword(SECRET, `${1_700_000_000 + 3 * 3600}:participant-1`),
    });
  });
});

describe('TURN configuration', () => {
  const base = { PASSERELLE_STATE_DIR: '/tmp/unused' };

  it('is off with neither secret nor URLs', () => {
    const config = loadConfig(base);
    expect(turnRelayFromConfig(config)).toBeNull();
  });

  it('is on with both, URLs split on commas, credentials living three hours by default', () => {
    const config = loadConfig({ ...base, TURN_SECRET: SECRET, TURN_URLS: URLS.join(' , ') });
    expect(config.TURN_URLS).toEqual(URLS);
    expect(config.TURN_CREDENTIAL_TTL_SECONDS).toBe(3 * 3600);
    expect(turnRelayFromConfig(config)?.urls).toEqual(URLS);
  });

  it('refuses a secret without URLs, and URLs without a secret', () => {
    expect(() => loadConfig({ ...base, TURN_SECRET: SECRET })).toThrow(/TURN_URLS: .*go together/);
    expect(() => loadConfig({ ...base, TURN_URLS: URLS[2] })).toThrow(/TURN_SECRET: .*go together/);
  });

  it('refuses a short secret and an address that is not a TURN URL', () => {
    expect(() => loadConfig({ ...base, TURN_SECRET: 'short', TURN_URLS: URLS[0] })).toThrow(
      /TURN_SECRET/,
    );
    for (const url of ['https://turn.example.org', 'stun:turn.example.org:3478', 'turn:a b']) {
      expect(() => loadConfig({ ...base, TURN_SECRET: SECRET, TURN_URLS: url }), url).toThrow(
        /TURN_URLS/,
      );
    }
  });
});

describe('joinSession hands each participant its own relay credential', () => {
  let pool: WorkerPool;
  let session: LessonSession;

  beforeEach(async () => {
    pool = await WorkerPool.create({ numWorkers: 1, listen: { ip: '127.0.0.1' } });
    const relay = new TurnRelay({ secret: SECRET, urls: URLS, ttlSeconds: 3 * 3600 });
    session = await LessonSession.create({ id: 'turn-unit', pool, relay });
  });
  afterEach(async () => {
    session.close();
    await pool.close();
  });

  async function join(role: Role, name: string): Promise<[MemoryParticipant, IceServer[]]> {
    const member = memoryParticipant(session, role, name);
    const room = await session.mediaRoom();
    const response = await member.request('joinSession', { rtpCapabilities: room.rtpCapabilities });
    if (!response.ok) throw new Error(response.error.message);
    return [member, (response.data as { iceServers: IceServer[] }).iceServers];
  }

  it('names it after the opaque connection id: no name, no role, an inspector like anyone', async () => {
    const [tutor, tutorServers] = await join('tutor', 'Emily');
    const [inspector, inspectorServers] = await join('inspector', 'IEN Dupont');
    const [classroom, classroomServers] = await join('classroom', 'CM2 B');
    for (const [member, servers] of [
      [tutor, tutorServers],
      [inspector, inspectorServers],
      [classroom, classroomServers],
    ] as const) {
      expect(servers).toHaveLength(1);
      const { username, credential, urls } = servers[0]!;
      expect(urls).toEqual(URLS);
      const [expiry, subject] = username.split(':');
      expect(subject).toBe(member.participant.id);
      expect(Number(expiry)).toBeGreaterThan(Date.now() / 1000 + 2 * 3600);
      expect(credential).toBe(turnPassword(SECRET, username));
      expect(username).not.toMatch(/tutor|inspector|classroom|Emily|Dupont|CM2/i);
    }
    // A bearer credential for the relay: nobody else is ever sent it.
    for (const [holder, servers] of [
      [tutor, tutorServers],
      [inspector, inspectorServers],
      [classroom, classroomServers],
    ] as const) {
      for (const other of [tutor, inspector, classroom].filter((m) => m !== holder))
        expect(JSON.stringify(other.inbox)).not.toContain(servers[0]!.credential);
    }
  });

  it('sends no relay when the server has none', async () => {
    const plain = await LessonSession.create({ id: 'no-turn', pool });
    const member = memoryParticipant(plain, 'classroom', 'CM1');
    const room = await plain.mediaRoom();
    const response = await member.request('joinSession', { rtpCapabilities: room.rtpCapabilities });
    expect(response).toMatchObject({ ok: true, data: { iceServers: [] } });
    plain.close();
  });
});
