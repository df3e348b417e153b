import type { QualityLevel, QualityReport } from './protocol';

/*
 * Thresholds for the tutor's traffic light, from what makes a lesson hard
 * to follow: past ~5% loss video freezes and speech breaks up; past ~400 ms
 * round trip, conversation turns collide.
 */
const POOR_LOSS_PERCENT = 5;
const FAIR_LOSS_PERCENT = 2;
const POOR_ROUND_TRIP_MS = 400;
const FAIR_ROUND_TRIP_MS = 200;

export function qualityLevelOf(report: QualityReport): QualityLevel {
  const rtt = report.roundTripMs ?? 0;
  if (report.packetLossPercent >= POOR_LOSS_PERCENT || rtt >= POOR_ROUND_TRIP_MS) return 'poor';
  if (report.packetLossPercent >= FAIR_LOSS_PERCENT || rtt >= FAIR_ROUND_TRIP_MS) return 'fair';
  return 'good';
}
