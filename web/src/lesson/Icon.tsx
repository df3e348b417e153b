/*
 * A few inline SVG icons: emoji fonts are missing on many school PCs, and
 * an icon must never be the only label (each button also has text).
 */
const PATHS = {
  hand: 'M7 11V5.5a1.5 1.5 0 0 1 3 0V10h.5V3.5a1.5 1.5 0 0 1 3 0V10h.5V4.5a1.5 1.5 0 0 1 3 0V11h.5V7.5a1.5 1.5 0 0 1 3 0V15a7 7 0 0 1-7 7h-1a7 7 0 0 1-6.2-3.8L3.3 14.5a1.5 1.5 0 0 1 2.5-1.6L7 14.5z',
  ear: 'M17 20c-.3 0-.6-.1-.8-.2-.7-.4-1.2-.9-1.7-2.4-.5-1.6-1.5-2.3-2.4-3-.8-.6-1.6-1.2-2.3-2.5C9.3 11 9 9.9 9 9c0-2.8 2.2-5 5-5s5 2.2 5 5h2c0-3.9-3.1-7-7-7S7 5.1 7 9c0 1.3.4 2.7 1.1 3.9.9 1.7 2 2.5 2.9 3.2.8.6 1.4 1.1 1.7 2 .6 1.8 1.4 2.8 2.7 3.6.5.2 1.1.3 1.6.3 2.2 0 4-1.8 4-4h-2c0 1.1-.9 2-2 2z',
  eye: 'M12 5C7 5 2.7 8.1 1 12.5 2.7 16.9 7 20 12 20s9.3-3.1 11-7.5C21.3 8.1 17 5 12 5zm0 12.5a5 5 0 1 1 0-10 5 5 0 0 1 0 10zm0-8a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
  mic: 'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9h-2z',
} as const;

export type IconName = keyof typeof PATHS | 'micOff';

export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="32"
      height="32"
      aria-hidden="true"
      focusable="false"
    >
      <path fill="currentColor" d={PATHS[name === 'micOff' ? 'mic' : name]} />
      {name === 'micOff' && (
        <line x1="3" y1="3" x2="21" y2="21" stroke="currentColor" strokeWidth="2.5" />
      )}
    </svg>
  );
}
