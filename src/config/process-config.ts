import { type AppConfig, loadConfig, nodeEnvOf, unsetSecrets } from './app-config.js';
import { devKeysFilePath, ensureDevKeysFile, generateDevKeys } from './dev-key-file.js';
import type { Env } from './env-parsers.js';

export interface ProcessConfigOptions {
  /** Told once, when the key file is generated: its path, never the keys. */
  readonly notice: (message: string) => void;
  readonly cwd?: string;
}

/**
 * The configuration of a process started by an entry point (server, CLI,
 * seed), so all of them use the same keys. In production every key must be
 * set. Elsewhere a key left unset comes from the checkout's key file, which
 * the first start generates at random; the rest of the configuration is
 * checked before anything is written.
 */
export function loadConfigForProcess(env: Env, options: ProcessConfigOptions): AppConfig {
  if (nodeEnvOf(env) === 'production' || unsetSecrets(env).length === 0) return loadConfig(env);
  const candidate = generateDevKeys();
  loadConfig(env, candidate);
  const path = devKeysFilePath(env, options.cwd);
  const { keys, created } = ensureDevKeysFile(path, candidate);
  if (created) {
    options.notice(
      `generated random development keys into ${path} (mode 0600); later starts reuse them. Keep the file: data encrypted under them cannot be read without it`,
    );
  }
  return loadConfig(env, keys);
}
