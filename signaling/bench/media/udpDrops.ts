/*
 * Where datagrams were dropped: the kernel counts, per UDP socket, what it
 * threw away because the socket's receive buffer was full (the `drops` column
 * of /proc/net/udp and /proc/net/udp6). Each process's sockets are found
 * through its file descriptors (`socket:[inode]` links in /proc/<pid>/fd), so
 * the bench can say whether the SFU's socket or a client process's overflowed.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface UdpSocketLine {
  /** `address:port` as the kernel writes it (hex), for a reader of the bench's output. */
  local: string;
  /** Bytes waiting in the receive queue. */
  rxQueue: number;
  inode: number;
  drops: number;
}

/**
 * The sockets of a /proc/net/udp (or udp6) text: one line each after the header, fields
 * `sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops`.
 */
export function parseProcNetUdp(text: string): UdpSocketLine[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 13)
    .map((fields) => ({
      local: fields[1]!,
      rxQueue: parseInt(fields[4]!.split(':')[1]!, 16),
      inode: Number(fields[9]),
      drops: Number(fields[12]),
    }));
}

/** Every UDP socket of this network namespace, by inode. */
export function udpSockets(): Map<number, UdpSocketLine> {
  const sockets = new Map<number, UdpSocketLine>();
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // no IPv6 in this kernel
    }
    for (const socket of parseProcNetUdp(text)) sockets.set(socket.inode, socket);
  }
  return sockets;
}

/** The inodes of the sockets a process holds open (empty once it is gone). */
export function socketInodes(pid: number): number[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  return fds.flatMap((fd) => {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      return match ? [Number(match[1])] : [];
    } catch {
      return []; // closed meanwhile
    }
  });
}

/** Per socket of `pid`: the kernel's drop count now, keyed by inode (UDP sockets only). */
export function udpDropsOf(pid: number, sockets = udpSockets()): Map<number, number> {
  const drops = new Map<number, number>();
  for (const inode of socketInodes(pid)) {
    const socket = sockets.get(inode);
    if (socket) drops.set(inode, socket.drops);
  }
  return drops;
}

/**
 * Drops over a window: the sum, over the sockets open at its end, of what each dropped since
 * the start (a socket opened during the window counts from zero).
 */
export function dropsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [inode, drops] of after) sum += drops - (before.get(inode) ?? 0);
  return sum;
}
