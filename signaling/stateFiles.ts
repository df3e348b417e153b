import { join } from 'node:path';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/*
 * The state folder holds the token secret and the timetable database
 * (names of tutors and classes, attendance): only the server's own user may
 * read it, whatever the umask of whoever started it.
 */
export const STATE_DIR_MODE = 0o700;
export const STATE_FILE_MODE = 0o600;

export function prepareStateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: STATE_DIR_MODE });
  chmodSync(dir, STATE_DIR_MODE);
}

/**
 * Creates `file` empty if needed and makes it private. SQLite creates a
 * database's -wal and -shm files with the database file's own mode, so
 * calling this before opening the database makes all three private; any
 * that already exist are fixed too.
 */
export function preparePrivateFile(file: string, companions: readonly string[] = []): void {
  closeSync(openSync(file, 'a', STATE_FILE_MODE));
  chmodSync(file, STATE_FILE_MODE);
  for (const companion of companions) {
    if (existsSync(companion)) chmodSync(companion, STATE_FILE_MODE);
  }
}

/**
 * Where the timetable lives: PostgreSQL when `DATABASE_URL` is set, else the SQLite file in
 * the state folder (made private first).
 */
export function planningStoreLocation(config: {
  DATABASE_URL?: string | undefined;
  PASSERELLE_STATE_DIR: string;
}): { databaseUrl: string } | { filename: string } {
  if (config.DATABASE_URL) return { databaseUrl: config.DATABASE_URL };
  prepareStateDir(config.PASSERELLE_STATE_DIR);
  const filename = join(config.PASSERELLE_STATE_DIR, 'passerelle.sqlite');
  prepareSqliteFile(filename);
  return { filename };
}

/** The database file and the companions SQLite keeps next to it in WAL mode. */
export function prepareSqliteFile(file: string): void {
  preparePrivateFile(file, [`${file}-wal`, `${file}-shm`]);
}
