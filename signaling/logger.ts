import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** JSON lines on stdout, or into `destination` (tests keep a failed run's log). */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options = { level, base: { service: 'passerelle' } };
  return destination ? pino(options, destination) : pino(options);
}
