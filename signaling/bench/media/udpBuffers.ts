/*
 * werift opens its UDP sockets with the system's default receive buffer (about 200 KB): a
 * client process that the scheduler leaves waiting a few tens of milliseconds overflows it,
 * and the bench would count the load generator's drops as the SFU's loss. Every socket of a
 * client process gets 4 MB instead (the kernel caps it at net.core.rmem_max).
 */
import dgram from 'node:dgram';
import { syncBuiltinESMExports } from 'node:module';

const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
const createSocket = dgram.createSocket;

dgram.createSocket = ((type: dgram.SocketType | dgram.SocketOptions, listener?: () => void) => {
  const options = typeof type === 'string' ? { type } : type;
  return createSocket({ recvBufferSize: RECEIVE_BUFFER_BYTES, ...options }, listener);
}) as typeof dgram.createSocket;
// werift imports createSocket by name (ESM): its binding follows only once synced.
syncBuiltinESMExports();
