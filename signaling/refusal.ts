import type { ErrorCode, MovedRefusal, NodeAddress } from './protocol';

/** Refuses a connection with a code the client can show ("link expired", "wrong lesson"...). */
export function refusal(code: ErrorCode, message: string): Error {
  return Object.assign(new Error(message), { data: { code } });
}

/** Refuses a connection whose lesson runs on another node: the client reconnects there. */
export function movedRefusal(node: NodeAddress): Error {
  const data: MovedRefusal = { code: 'moved', node };
  return Object.assign(new Error(`this lesson runs on node ${node.id}`), { data });
}
