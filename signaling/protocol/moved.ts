import { z } from 'zod';

/** A node of a cluster: its id (`NODE_ID`) and, when each node has its own host name, its URL. */
export const nodeAddressSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  url: z.url().optional(),
});
export type NodeAddress = z.infer<typeof nodeAddressSchema>;

/**
 * The `data` of a connection refused because another node holds the lesson. With `url` the
 * client reconnects there; without it (one public host name) it reconnects to the same
 * address with `?node=<id>`, on which the reverse proxy routes (deploy/nginx-cluster.conf).
 */
export const movedRefusalSchema = z.object({
  code: z.literal('moved'),
  node: nodeAddressSchema,
});
export type MovedRefusal = z.infer<typeof movedRefusalSchema>;

/** The socket.io query parameter naming the node a client was sent to (single host name). */
export const NODE_ROUTE_PARAMETER = 'node';
