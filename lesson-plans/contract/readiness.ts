import { z } from 'zod';

/**
 * A network readiness check's result, as the check page computes it and the server stores it:
 * per path, what happened and the figures measured; then the verdict. Minimal on purpose: no
 * address of anyone (neither a pupil's nor the school's public IP).
 */
export const READINESS_PATHS = ['udp', 'tcp', 'turn-udp', 'turn-tcp', 'turn-tls'] as const;
export const readinessPathSchema = z.enum(READINESS_PATHS);
export type ReadinessPath = z.infer<typeof readinessPathSchema>;

const figure = z.number().finite().min(0).max(1e10).nullable();

export const pathOutcomeSchema = z.object({
  path: readinessPathSchema,
  /** `not_configured`: the server has no relay for this path (not a failure of the school). */
  outcome: z.enum(['ok', 'failed', 'not_configured']),
  durationMs: z.number().int().min(0).max(600_000),
  /** What reached the server from the whiteboard, and what came back, in bit/s. */
  upstreamBps: figure,
  downstreamBps: figure,
  /** The selected candidate pair's currentRoundTripTime, in ms. */
  rttMs: figure,
  /** Percent of packets lost, upstream (remote-inbound-rtp) and downstream (inbound-rtp). */
  upstreamLossPct: z.number().finite().min(0).max(100).nullable(),
  downstreamLossPct: z.number().finite().min(0).max(100).nullable(),
});
export type PathOutcome = z.infer<typeof pathOutcomeSchema>;

export const READINESS_VERDICTS = ['ready', 'relay-only', 'not-ready'] as const;
export const readinessVerdictSchema = z.enum(READINESS_VERDICTS);
export type ReadinessVerdict = z.infer<typeof readinessVerdictSchema>;

export const readinessReportSchema = z
  .object({
    /** The page was served over https with a certificate the browser trusts (it loaded). */
    https: z.boolean(),
    websocket: z.boolean(),
    paths: z.array(pathOutcomeSchema).min(1).max(READINESS_PATHS.length),
    verdict: readinessVerdictSchema,
    /** Upstream under ~1 Mbit/s, loss over ~3 % or RTT over ~300 ms on the path a lesson uses. */
    weak: z.boolean(),
  })
  .strict();
export type ReadinessReport = z.infer<typeof readinessReportSchema>;
