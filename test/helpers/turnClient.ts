import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect as tlsConnect } from 'node:tls';

/*
 * The smallest TURN client that proves coturn accepts a credential: one Allocate request
 * (RFC 8656), answered 401 with a realm and nonce, then signed with the long-term key
 * MD5(username:realm:password). Over UDP or TLS; nothing is relayed.
 */

const MAGIC_COOKIE = 0x2112a442;
const ALLOCATE_REQUEST = 0x0003;
const ALLOCATE_SUCCESS = 0x0103;
const ATTRIBUTE = {
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  REALM: 0x0014,
  NONCE: 0x0015,
  XOR_RELAYED_ADDRESS: 0x0016,
  REQUESTED_TRANSPORT: 0x0019,
} as const;
const UDP_PROTOCOL = 17;

export type AllocateOutcome =
  { ok: true; relayedPort: number } | { ok: false; errorCode: number; reason: string };

export interface AllocateOptions {
  host: string;
  port: number;
  transport: 'udp' | 'tls';
  username: string;
  password: string;
}

interface StunMessage {
  type: number;
  attributes: Map<number, Buffer>;
}

function attribute(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  const padding = Buffer.alloc((4 - (value.length % 4)) % 4);
  return Buffer.concat([header, value, padding]);
}

function encode(type: number, attributes: Buffer[], integrityKey?: Buffer): Buffer {
  const transactionId = randomBytes(12);
  const header = (bodyLength: number) => {
    const buffer = Buffer.alloc(20);
    buffer.writeUInt16BE(type, 0);
    buffer.writeUInt16BE(bodyLength, 2);
    buffer.writeUInt32BE(MAGIC_COOKIE, 4);
    transactionId.copy(buffer, 8);
    return buffer;
  };
  const body = Buffer.concat(attributes);
  if (!integrityKey) return Buffer.concat([header(body.length), body]);
  // The HMAC covers the message with its length already counting the 24-byte integrity attribute.
  const signed = Buffer.concat([header(body.length + 24), body]);
  const mac = createHmac('sha1', integrityKey).update(signed).digest();
  return Buffer.concat([signed, attribute(ATTRIBUTE.MESSAGE_INTEGRITY, mac)]);
}

function decode(message: Buffer): StunMessage {
  const attributes = new Map<number, Buffer>();
  const end = Math.min(message.length, 20 + message.readUInt16BE(2));
  for (let offset = 20; offset + 4 <= end;) {
    const type = message.readUInt16BE(offset);
    const length = message.readUInt16BE(offset + 2);
    attributes.set(type, message.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length + ((4 - (length % 4)) % 4);
  }
  return { type: message.readUInt16BE(0), attributes };
}

function outcomeOf(response: StunMessage): AllocateOutcome {
  if (response.type === ALLOCATE_SUCCESS) {
    const relayed = response.attributes.get(ATTRIBUTE.XOR_RELAYED_ADDRESS);
    return { ok: true, relayedPort: relayed ? relayed.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16) : 0 };
  }
  const error = response.attributes.get(ATTRIBUTE.ERROR_CODE);
  if (!error) return { ok: false, errorCode: 0, reason: 'no error code' };
  return {
    ok: false,
    errorCode: (error[2]! & 0x7) * 100 + error[3]!,
    reason: error.subarray(4).toString(),
  };
}

/** Requests and answers on one connection (coturn binds its nonce to the 5-tuple). */
interface Connection {
  exchange(request: Buffer): Promise<Buffer>;
  close(): void;
}

const ANSWER_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no TURN answer ${what}`)), ANSWER_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function udpConnection(host: string, port: number): Connection {
  const socket = createSocket('udp4');
  return {
    exchange: (request) =>
      withTimeout(
        new Promise<Buffer>((resolve) => {
          socket.once('message', resolve);
          socket.send(request, port, host);
        }),
        'over UDP',
      ),
    close: () => socket.close(),
  };
}

async function tlsConnection(host: string, port: number): Promise<Connection> {
  // The test relay's certificate is self-signed; what is checked here is the credential.
  const socket = tlsConnect({ host, port, rejectUnauthorized: false });
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    }),
    'over TLS (handshake)',
  );
  let received = Buffer.alloc(0);
  let waiting: ((message: Buffer) => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    const length = received.length >= 20 ? 20 + received.readUInt16BE(2) : Infinity;
    if (received.length < length || !waiting) return;
    const message = received.subarray(0, length);
    received = received.subarray(length);
    waiting(message);
  });
  return {
    exchange: (request) =>
      withTimeout(
        new Promise<Buffer>((resolve) => {
          waiting = resolve;
          socket.write(request);
        }),
        'over TLS',
      ),
    close: () => socket.destroy(),
  };
}

/** Asks the relay for an allocation with a username and password (coturn's REST credential). */
export async function allocate(options: AllocateOptions): Promise<AllocateOutcome> {
  const connection =
    options.transport === 'udp'
      ? udpConnection(options.host, options.port)
      : await tlsConnection(options.host, options.port);
  try {
    return await signedAllocation(connection, options);
  } finally {
    connection.close();
  }
}

async function signedAllocation(
  { exchange }: Connection,
  options: AllocateOptions,
): Promise<AllocateOutcome> {
  const transport = attribute(ATTRIBUTE.REQUESTED_TRANSPORT, Buffer.from([UDP_PROTOCOL, 0, 0, 0]));
  const challenge = decode(await exchange(encode(ALLOCATE_REQUEST, [transport])));
  const realm = challenge.attributes.get(ATTRIBUTE.REALM);
  const nonce = challenge.attributes.get(ATTRIBUTE.NONCE);
  if (!realm || !nonce) return outcomeOf(challenge);
  const key = createHash('md5')
    .update(`${options.username}:${realm.toString()}:${options.password}`)
    .digest();
  const signed = encode(
    ALLOCATE_REQUEST,
    [
      attribute(ATTRIBUTE.USERNAME, Buffer.from(options.username)),
      attribute(ATTRIBUTE.REALM, realm),
      attribute(ATTRIBUTE.NONCE, nonce),
      transport,
    ],
    key,
  );
  return outcomeOf(decode(await exchange(signed)));
}
