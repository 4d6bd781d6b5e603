import { freePort } from './free-port.js';

/** Settings of the S3 driver aimed at a port nobody listens on: object storage unreachable (503 paths). */
export async function unreachableS3Env(): Promise<Record<string, string>> {
  return {
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    S3_BUCKET: 'hms-unreachable',
    S3_ACCESS_KEY_ID: 'none',
    S3_SECRET_ACCESS_KEY: 'none',
    S3_FORCE_PATH_STYLE: 'true',
  };
}
