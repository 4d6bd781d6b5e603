import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../config/app-config.js';
import { generateDevKeys } from '../../config/dev-key-file.js';
import { buildQueueOptions } from '../queue/queue-options.js';
import { redisConnectionOptions } from './redis-connection-options.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const devKeys = generateDevKeys();
const connectionOf = (env: Record<string, string>) => redisConnectionOptions(loadConfig(env, devKeys).redis);

describe('redisConnectionOptions', () => {
  it('connects to the local Redis, database 0, without credentials or TLS by default', () => {
    expect(connectionOf({})).toEqual({ host: '127.0.0.1', port: 6379, db: 0 });
  });

  it('takes the password, user and database from REDIS_URL, percent-decoded', () => {
    expect(connectionOf({ REDIS_URL: 'redis://:s%40cret%3Ahere@redis:6380/2' })).toEqual({
      host: 'redis',
      port: 6380,
      db: 2,
      password: 's@cret:here',
    });
    expect(connectionOf({ REDIS_URL: 'redis://hms:pw@[::1]/1' })).toEqual({
      host: '::1',
      port: 6379,
      db: 1,
      username: 'hms',
      password: 'pw',
    });
  });

  it('turns TLS on for rediss://, trusting REDIS_TLS_CA instead of the default authorities when given', () => {
    expect(connectionOf({ REDIS_URL: 'rediss://:pw@cache.example:6380' })).toEqual({
      host: 'cache.example',
      port: 6380,
      db: 0,
      password: 'pw',
      tls: {},
    });
    expect(connectionOf({ REDIS_URL: 'rediss://cache.example', REDIS_TLS_CA: CA }).tls).toEqual({ ca: CA.trim() });
  });

  it('gives Bull the very same connection, and no URL of its own to parse', () => {
    const config = loadConfig({ REDIS_URL: 'rediss://hms:pw@cache.example:6380/3', REDIS_TLS_CA: CA }, devKeys);
    const options = buildQueueOptions(config);
    expect(options.url).toBeUndefined();
    expect(options.redis).toMatchObject(redisConnectionOptions(config.redis));
    expect(options.redis).toMatchObject({ password: 'pw', tls: { ca: CA.trim() } });
  });
});
