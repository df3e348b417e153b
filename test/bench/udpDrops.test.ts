import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import {
  dropsBetween,
  parseProcNetUdp,
  socketInodes,
  udpDropsOf,
  udpSockets,
} from '../../signaling/bench/media/udpDrops';

// Two lines as this kernel writes /proc/net/udp (the second socket dropped 1,234 datagrams).
const PROC_NET_UDP = [
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            ',
  '  444: 0100007F:A259 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 497017 2 00000000ebd4cc65 0        ',
  '  742: 020200C0:E383 00000000:0000 07 00000000:0003F000 00:00000000 00000000     0        0 496242 2 000000009a522c49 1234     ',
  '',
].join('\n');

const bind = (socket: dgram.Socket) =>
  new Promise<number>((resolve) =>
    socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)),
  );

describe('UDP drops per process, from /proc/net/udp', () => {
  it('reads the inode, the receive queue and the drops of each socket line', () => {
    expect(parseProcNetUdp(PROC_NET_UDP)).toEqual([
      { local: '0100007F:A259', rxQueue: 0, inode: 497017, drops: 0 },
      { local: '020200C0:E383', rxQueue: 0x3f000, inode: 496242, drops: 1234 },
    ]);
  });

  it('counts over a window only what each socket dropped since its start', () => {
    const before = new Map([
      [1, 10],
      [2, 0],
    ]);
    const after = new Map([
      [1, 15],
      [2, 0],
      [3, 7], // opened during the window
    ]);
    expect(dropsBetween(before, after)).toBe(12);
  });

  it("finds this process's own socket and the datagrams its full buffer dropped", async () => {
    // The smallest receive buffer the kernel allows: a few datagrams fill it.
    const receiver = dgram.createSocket({ type: 'udp4', recvBufferSize: 1 });
    const sender = dgram.createSocket('udp4');
    const port = await bind(receiver);
    await bind(sender);
    try {
      const mine = socketInodes(process.pid);
      const socket = [...udpSockets().values()].find(
        (s) =>
          mine.includes(s.inode) &&
          s.local === `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`,
      );
      expect(socket).toBeDefined();
      const before = udpDropsOf(process.pid);
      expect(before.get(socket!.inode)).toBe(socket!.drops);
      // Sent in one synchronous loop: libuv writes each at once, and the receiver's event
      // loop cannot read any of them before the loop ends.
      const datagram = Buffer.alloc(1000);
      for (let i = 0; i < 200; i++) sender.send(datagram, port, '127.0.0.1');
      await new Promise((resolve) => setImmediate(resolve));
      expect(dropsBetween(before, udpDropsOf(process.pid))).toBeGreaterThan(0);
    } finally {
      receiver.close();
      sender.close();
    }
  });
});
