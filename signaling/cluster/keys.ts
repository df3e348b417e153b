/**
 * Every key this cluster writes in Redis, in one place. One Redis (or one primary) per
 * deployment: the scripts below name keys derived from their arguments, which Redis Cluster
 * would refuse, and a single primary carries far more than a national rollout needs.
 */
export const KEY_PREFIX = 'passerelle:';

export const clusterKeys = {
  /** The ids of the nodes that announced themselves (their entries expire on their own). */
  nodes: `${KEY_PREFIX}nodes`,
  /** One node's announcement (JSON), with the TTL its heartbeat renews. */
  nodePrefix: `${KEY_PREFIX}node:`,
  node: (nodeId: string) => `${KEY_PREFIX}node:${nodeId}`,
  /** Which node holds a lesson (its id), with the TTL the owner's heartbeat renews. */
  lesson: (sessionId: string) => `${KEY_PREFIX}lesson:${sessionId}`,
  /** A classroom's running readiness check (CheckGate), and its checks of the last hour. */
  checkRunning: (classId: string) => `${KEY_PREFIX}check:running:${classId}`,
  checkStarted: (classId: string) => `${KEY_PREFIX}check:started:${classId}`,
  /** A sign-in callback's request budget per client address and window. */
  rate: (name: string, client: string, window: number) =>
    `${KEY_PREFIX}rate:${name}:${client}:${window}`,
  /** A single-use entry (ENT sign-in flow, handoff code, CAS ticket seen). */
  entry: (space: string, key: string) => `${KEY_PREFIX}entry:${space}:${key}`,
} as const;
