import { useTranslation } from 'react-i18next';
import type { ParticipantQuality } from '../../../signaling/protocol';

/** A traffic light with the figures behind it, readable by screen readers too. */
export function QualityIndicator({ quality }: { quality: ParticipantQuality | undefined }) {
  const { t } = useTranslation();
  if (!quality) return <span className="quality unknown">{t('quality.unknown')}</span>;
  const details = t('quality.details', {
    kbps: Math.round(quality.sendBitrateKbps),
    loss: quality.packetLossPercent.toFixed(1),
    rtt: quality.roundTripMs === null ? '–' : Math.round(quality.roundTripMs),
  });
  return (
    <span
      className={`quality ${quality.level}`}
      title={details}
      data-testid="quality"
      data-level={quality.level}
    >
      <span className="quality-dot" aria-hidden="true" />
      {t(`quality.${quality.level}`)} <span className="quality-details">{details}</span>
    </span>
  );
}
