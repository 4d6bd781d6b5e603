import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppConfig, SECRET_VARIABLES } from './app-config.js';
import { ensureDevKeysFile, generateDevKeys } from './dev-key-file.js';
import { loadConfigForProcess } from './process-config.js';

const strong = (n: number) => Buffer.alloc(32, n).toString('base64');

/** The key material a configuration holds, comparable across configurations. */
const keysOf = (config: AppConfig) => ({
  jwt: config.auth.jwtKeys.map((k) => k.secret.toString('base64')),
  pii: config.crypto.piiKeys.map((k) => k.secret.toString('base64')),
  blind: config.crypto.blindIndexKeys.map((k) => k.secret.toString('base64')),
  audit: config.crypto.auditHmacKeys.map((k) => k.secret.toString('base64')),
});

describe('loadConfigForProcess: development keys', () => {
  const dirs: string[] = [];
  /** A fresh checkout: an empty working directory. */
  const checkout = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hms-checkout-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const start = (cwd: string, env: Record<string, string> = {}) => {
    const notices: string[] = [];
    const config = loadConfigForProcess(env, { cwd, notice: (m) => notices.push(m) });
    return { config, notices };
  };

  it('gives two fresh checkouts different random keys, each reused by its later starts, and says so once', () => {
    const a = checkout();
    const b = checkout();
    const first = start(a);
    const again = start(a);
    const other = start(b);

    expect(keysOf(again.config)).toEqual(keysOf(first.config));
    const [mine, theirs] = [keysOf(first.config), keysOf(other.config)];
    for (const kind of ['jwt', 'pii', 'blind', 'audit'] as const) expect(theirs[kind]).not.toEqual(mine[kind]);

    const file = join(a, '.hms', 'dev-keys.json');
    expect(first.notices).toHaveLength(1);
    expect(first.notices[0]).toContain(file);
    expect(again.notices).toEqual([]);
    expect(other.notices).toHaveLength(1);
    // The notice names the file, never what is in it.
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    for (const name of SECRET_VARIABLES) expect(first.notices[0]).not.toContain(stored[name].split(':').pop());

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(a, '.hms')).mode & 0o077).toBe(0);
    expect(keysOf(first.config).audit).toEqual([stored.AUDIT_HMAC_KEYS.split(':')[1]]);
    expect(readdirSync(join(a, '.hms'))).toEqual(['dev-keys.json']);
  });

  it('fills only the keys the environment leaves unset, and honours HMS_DEV_KEYS_FILE', () => {
    const dir = checkout();
    const { config } = start(dir, { JWT_KEYS: `mine:${strong(1)}`, HMS_DEV_KEYS_FILE: 'keys/here.json' });
    const stored = JSON.parse(readFileSync(join(dir, 'keys', 'here.json'), 'utf8')) as Record<string, string>;
    expect(config.auth.jwtKeys).toEqual([{ id: 'mine', secret: Buffer.alloc(32, 1) }]);
    expect(config.crypto.auditHmacKeys[0].secret.toString('base64')).toBe(stored.AUDIT_HMAC_KEYS.split(':')[1]);
    expect(existsSync(join(dir, '.hms'))).toBe(false);
  });

  it('touches no file when every key is set, in production, or when the rest of the configuration is bad', () => {
    const dir = checkout();
    const all = { JWT_KEYS: `k:${strong(1)}`, PII_ENCRYPTION_KEYS: `k:${strong(2)}`, PII_BLIND_INDEX_KEYS: `k:${strong(3)}` };
    expect(keysOf(start(dir, { ...all, AUDIT_HMAC_KEY: strong(4) }).config).audit).toEqual([strong(4)]);
    expect(() => start(dir, { NODE_ENV: 'production', ...all })).toThrow(
      /^Invalid configuration: AUDIT_HMAC_KEYS is required when NODE_ENV=production$/,
    );
    expect(() => start(dir, { PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT /);
    expect(() => start(dir, { JWT_KEYS: 'k1:change-me-please-change-me-please-00' })).toThrow(
      /JWT_KEYS still holds a placeholder/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a key file open to group or others with one line naming it, and leaves it as it was', () => {
    const dir = checkout();
    start(dir);
    const file = join(dir, '.hms', 'dev-keys.json');
    const before = readFileSync(file, 'utf8');
    for (const mode of [0o644, 0o640, 0o602]) {
      chmodSync(file, mode);
      const message = `Invalid configuration: development key file ${file} is open to group or others (mode 0${mode.toString(8)}); run chmod 600 on it`;
      expect(() => start(dir)).toThrow(message);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it.each([
    ['empty', ''],
    ['not JSON', 'JWT_KEYS=dev1:abc'],
    ['cut short', null],
    ['an array', '[]'],
    ['without a key', JSON.stringify({ JWT_KEYS: generateDevKeys().JWT_KEYS })],
    [
      'with a key too short',
      JSON.stringify({ ...generateDevKeys(), PII_ENCRYPTION_KEYS: `dev1:${Buffer.alloc(16).toString('base64')}` }),
    ],
  ])('refuses a damaged key file (%s) with one line naming it, and never overwrites it', (_case, content) => {
    const dir = checkout();
    start(dir);
    const file = join(dir, '.hms', 'dev-keys.json');
    const damaged = content ?? readFileSync(file, 'utf8').slice(0, 60);
    writeFileSync(file, damaged);
    expect(() => start(dir)).toThrow(new RegExp(`^Invalid configuration: development key file ${file} (is|has|does) `));
    try {
      start(dir);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
    expect(readFileSync(file, 'utf8')).toBe(damaged);
  });

  it('refuses a directory where the key file belongs', () => {
    const dir = checkout();
    mkdirSync(join(dir, '.hms', 'dev-keys.json'), { recursive: true });
    expect(() => start(dir)).toThrow(/development key file .* is not a regular file$/);
  });

  it('keeps the keys of a file written first (a process that lost the race to create it reads the winner’s)', () => {
    const dir = checkout();
    const file = join(dir, '.hms', 'dev-keys.json');
    const winner = ensureDevKeysFile(file, generateDevKeys());
    const loser = ensureDevKeysFile(file, generateDevKeys());
    expect(winner.created).toBe(true);
    expect(loser).toEqual({ keys: winner.keys, created: false });
    expect(readdirSync(join(dir, '.hms'))).toEqual(['dev-keys.json']);
  });
});

describe('the repository holds no key material', () => {
  const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);

  it('derives no key from a string in it: the old development derivation is gone from every tracked file', () => {
    // Spelled in pieces so this file does not match itself.
    const markers = [['dev', 'only', ''].join('-'), ['hms', 'development', ''].join('-')];
    const offenders = tracked.filter((path) => {
      if (!existsSync(path) || statSync(path).size > 2_000_000) return false;
      const text = readFileSync(path, 'utf8');
      return markers.some((marker) => text.includes(marker));
    });
    expect(offenders).toEqual([]);
  });

  it('keeps generated key files out of git and out of the image, and .env.example leaves every key empty', () => {
    expect(tracked.filter((path) => path.startsWith('.hms/'))).toEqual([]);
    // check-ignore exits 0 when the path is ignored, and throws otherwise.
    expect(execFileSync('git', ['check-ignore', '.hms/dev-keys.json'], { encoding: 'utf8' }).trim()).toBe('.hms/dev-keys.json');
    expect(readFileSync('.dockerignore', 'utf8').split('\n')).toContain('.hms');
    const example = readFileSync('.env.example', 'utf8');
    for (const name of SECRET_VARIABLES) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });
});
