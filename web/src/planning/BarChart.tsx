export interface Bar {
  label: string;
  value: number;
}

const BAR_HEIGHT_PX = 22;
const LABEL_WIDTH_PX = 190;
const CHART_WIDTH_PX = 560;

/** Horizontal bars, hand-drawn: the numbers are also in the table next to it. */
export function BarChart({ title, bars, unit }: { title: string; bars: Bar[]; unit: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const scale = (CHART_WIDTH_PX - LABEL_WIDTH_PX - 70) / max;
  const height = bars.length * (BAR_HEIGHT_PX + 6) + 6;
  return (
    <figure className="bar-chart">
      <svg
        role="img"
        aria-label={title}
        viewBox={`0 0 ${CHART_WIDTH_PX} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        {bars.map((bar, index) => {
          const y = 6 + index * (BAR_HEIGHT_PX + 6);
          const width = Math.max(1, bar.value * scale);
          return (
            <g key={bar.label}>
              <text x={LABEL_WIDTH_PX - 8} y={y + 16} textAnchor="end" className="chart-label">
                {bar.label}
              </text>
              <rect
                x={LABEL_WIDTH_PX}
                y={y}
                width={width}
                height={BAR_HEIGHT_PX}
                rx={3}
                className="chart-bar"
              />
              <text x={LABEL_WIDTH_PX + width + 6} y={y + 16} className="chart-value">
                {`${bar.value} ${unit}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
