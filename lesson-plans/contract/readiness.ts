import { z } from 'zod';
import { defineRoute } from './define';

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
  /**
   * The browser's encoder was held back by the line (WebRTC's quality limitation 'bandwidth')
   * for most of the measure. Only then is a low upstream the line's: an old PC's encoder
   * ('cpu') or the test's own ceiling also keep it low on a good line.
   */
  upstreamLineLimited: z.boolean().nullable(),
  /** The selected candidate pair's currentRoundTripTime, in ms. */
  rttMs: figure,
  /** Percent of packets lost, upstream (remote-inbound-rtp) and downstream (inbound-rtp). */
  upstreamLossPct: z.number().finite().min(0).max(100).nullable(),
  downstreamLossPct: z.number().finite().min(0).max(100).nullable(),
});
export type PathOutcome = z.infer<typeof pathOutcomeSchema>;

/** The figures of a path that carried no test stream (failed, or no relay to test). */
export const NO_FIGURES = {
  upstreamBps: null,
  downstreamBps: null,
  rttMs: null,
  upstreamLossPct: null,
  downstreamLossPct: null,
  upstreamLineLimited: null,
} as const satisfies Omit<PathOutcome, 'path' | 'outcome' | 'durationMs'>;

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

/** A stored result: the report, when it was made, and for which whiteboard (class). */
export const readinessRecordSchema = readinessReportSchema.extend({
  classId: z.string(),
  checkedAt: z.string(),
});
export type ReadinessRecord = z.infer<typeof readinessRecordSchema>;

/** Why a class needs the coordinator's attention before its next lesson. */
export const READINESS_CONCERNS = ['never-checked', 'not-ready', 'weak'] as const;
export const readinessConcernSchema = z.enum(READINESS_CONCERNS);
export type ReadinessConcern = z.infer<typeof readinessConcernSchema>;

export const classReadinessSchema = z.object({
  classId: z.string(),
  className: z.string(),
  /** The class's next planned lesson (start), or null when none is planned. */
  nextLessonAt: z.string().nullable(),
  latest: readinessRecordSchema.nullable(),
  /** Set when a lesson is planned and the class was never checked, is not ready or is weak. */
  concern: readinessConcernSchema.nullable(),
});
export type ClassReadiness = z.infer<typeof classReadinessSchema>;

export const readinessOverviewSchema = z.object({
  schools: z.array(
    z.object({
      schoolId: z.string(),
      schoolName: z.string(),
      classes: z.array(classReadinessSchema),
    }),
  ),
});
export type ReadinessOverview = z.infer<typeof readinessOverviewSchema>;

export const CheckTokenSchema = z.object({
  /** A check token: probing only (socket capability `probe`), one subject, ten minutes. */
  token: z.string(),
  expiresAt: z.string(),
});
export type CheckToken = z.infer<typeof CheckTokenSchema>;

/** The coordinator's view: every school and whiteboard, its latest result and next lesson. */
export const READINESS_ROUTES = {
  readinessOverview: defineRoute({
    method: 'GET',
    path: '/readiness',
    summary: "Every school's whiteboards: latest readiness result, next lesson, and a concern",
    response: { json: readinessOverviewSchema },
    access: { capabilities: ['readiness.read'] },
  }),
  /** The coordinator tests the network of the machine she is on (never stored: not a whiteboard). */
  readinessCheckToken: defineRoute({
    method: 'POST',
    path: '/readiness/token',
    summary: "A check token to test this computer's network from the planning screens",
    response: { json: CheckTokenSchema },
    status: 201,
    access: { capabilities: ['readiness.read'] },
  }),
};
