/** Frames per second of the test stream: enough to keep the encoder at its target. */
const TEST_FPS = 15;
const WIDTH = 640;
const HEIGHT = 360;
const BLOCKS_PER_FRAME = 60;

/**
 * A video track drawn on a canvas: coloured blocks that change every frame, so the encoder
 * spends its whole budget and the probe measures the line, not a still picture. No camera is
 * needed (the check runs before anyone allows one, and on a whiteboard nobody may be there).
 */
export function startTestStream(): { track: MediaStreamTrack; stop: () => void } {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas');
  const draw = () => {
    for (let i = 0; i < BLOCKS_PER_FRAME; i++) {
      context.fillStyle = `hsl(${Math.floor(Math.random() * 360)} 80% ${20 + Math.floor(Math.random() * 60)}%)`;
      context.fillRect(
        Math.random() * WIDTH,
        Math.random() * HEIGHT,
        16 + Math.random() * 64,
        16 + Math.random() * 64,
      );
    }
  };
  draw();
  const timer = setInterval(draw, 1000 / TEST_FPS);
  const track = canvas.captureStream(TEST_FPS).getVideoTracks()[0];
  if (!track) throw new Error('the canvas gave no video track');
  return {
    track,
    stop: () => {
      clearInterval(timer);
      track.stop();
    },
  };
}
