import type { RedisOptions } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';

/**
 * Where and how to connect, from REDIS_URL and REDIS_TLS_CA, for every
 * client: the shared one and Bull's. Given a URL, Bull parses it itself and
 * ignores `rediss:`, so both get these options instead and cannot disagree
 * on credentials or TLS.
 */
export function redisConnectionOptions(redis: AppConfig['redis']): RedisOptions {
  const url = new URL(redis.url);
  const options: RedisOptions = {
    // WHATWG URL keeps the brackets of an IPv6 address.
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 6379,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
  };
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  if (url.protocol === 'rediss:') {
    // Node checks the certificate and the host name (servername defaults to host) unless told otherwise; we never tell it.
    options.tls = redis.tlsCa ? { ca: redis.tlsCa } : {};
  }
  return options;
}
