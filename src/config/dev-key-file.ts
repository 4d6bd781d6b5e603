import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type DevKeys, SECRET_VARIABLES } from './app-config.js';
import { ConfigError, type Env } from './env-parsers.js';

/** Where a checkout keeps its development keys, relative to the working directory; .gitignore and .dockerignore keep it out. */
export const DEFAULT_DEV_KEYS_FILE = '.hms/dev-keys.json';

const NOTE =
  'Development keys of this checkout, generated at random on its first start. Never use them in production. ' +
  'Keep this file: data encrypted under these keys cannot be read without it.';

// The file is machine-written: each keyring entry is <id>:<base64 of 32 bytes>.
const KEY = '[A-Za-z0-9+/]{43}=';
const KEYRING = new RegExp(`^[A-Za-z0-9_-]{1,32}:${KEY}(,[A-Za-z0-9_-]{1,32}:${KEY})*$`);

/** Fresh random keys, in the format of the variables they stand for. */
export function generateDevKeys(): DevKeys {
  const key = () => randomBytes(32).toString('base64');
  return {
    JWT_KEYS: `dev1:${key()}`,
    PII_ENCRYPTION_KEYS: `dev1:${key()}`,
    PII_BLIND_INDEX_KEYS: `dev1:${key()}`,
    AUDIT_HMAC_KEYS: `dev1:${key()}`,
  };
}

/** The key file's absolute path: HMS_DEV_KEYS_FILE, or .hms/dev-keys.json, against the working directory. */
export function devKeysFilePath(env: Env, cwd = process.cwd()): string {
  return resolve(cwd, env.HMS_DEV_KEYS_FILE?.trim() || DEFAULT_DEV_KEYS_FILE);
}

function refused(path: string, problem: string): ConfigError {
  return new ConfigError(`development key file ${path}`, problem);
}

/** The keys a file holds, or undefined when there is none; a file anyone else may read, or a damaged one, is refused. */
export function readDevKeysFile(path: string): DevKeys | undefined {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw refused(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!stats.isFile()) throw refused(path, 'is not a regular file');
  // Windows has no such mode bits; elsewhere the keys are for the owner only.
  if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
    throw refused(path, `is open to group or others (mode ${mode}); run chmod 600 on it`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw refused(
      path,
      code ? `cannot be read (${code})` : 'is not valid JSON; restore it, or move it away to generate new keys',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw refused(path, 'does not hold a JSON object; restore it, or move it away to generate new keys');
  }
  const record = parsed as Record<string, unknown>;
  for (const name of SECRET_VARIABLES) {
    const value = record[name];
    if (typeof value !== 'string' || !KEYRING.test(value)) {
      throw refused(path, `has no valid ${name}; restore it, or move it away to generate new keys`);
    }
  }
  return Object.fromEntries(SECRET_VARIABLES.map((name) => [name, record[name]])) as unknown as DevKeys;
}

/**
 * The checkout's keys: the file's when it exists, else `candidate`, written
 * there first. The file appears whole or not at all (written under a temporary
 * name with mode 0600, then hard-linked into place, which fails if the name is
 * taken), so two processes starting together (api and worker) agree: the one
 * that loses the race reads the winner's file.
 */
export function ensureDevKeysFile(path: string, candidate: DevKeys): { keys: DevKeys; created: boolean } {
  const existing = readDevKeysFile(path);
  if (existing) return { keys: existing, created: false };
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ note: NOTE, ...candidate }, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temporary, path);
    return { keys: candidate, created: true };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      const winner = readDevKeysFile(path);
      if (winner) return { keys: winner, created: false };
    }
    throw refused(path, `cannot be created (${code ?? 'error'})`);
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or already gone.
    }
  }
}
