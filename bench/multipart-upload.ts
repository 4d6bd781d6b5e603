import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type IncomingMessage, request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ApiResponse } from './api-client.js';

export interface FileUpload {
  readonly token: string;
  /** The form field (default `file`). */
  readonly field?: string;
  readonly filename: string;
  readonly contentType: string;
  readonly timeoutMs?: number;
}

/**
 * POSTs a file on disk as a multipart form of one part, streamed from the
 * file with its Content-Length known, so neither side needs the file in
 * memory and the harness's own memory does not blur the server's.
 */
export async function uploadFile<T = unknown>(url: string, path: string, upload: FileUpload): Promise<ApiResponse<T>> {
  const boundary = `bench-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${upload.field ?? 'file'}"; filename="${upload.filename}"\r\n` +
      `Content-Type: ${upload.contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const { size } = await stat(path);
  const req = request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${upload.token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + size + tail.length),
    },
    signal: AbortSignal.timeout(upload.timeoutMs ?? 600_000),
  });
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  async function* body() {
    yield head;
    yield* createReadStream(path, { highWaterMark: 256 * 1024 });
    yield tail;
  }
  // The server may answer early (413, 415) and close; the answer is what counts then.
  const sent = pipeline(Readable.from(body()), req).catch(() => undefined);
  const res = await answered;
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  await sent;
  const text = Buffer.concat(chunks).toString();
  const type = String(res.headers['content-type'] ?? '');
  const headers = new Headers(
    Object.entries(res.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, String(value)] as [string, string]],
    ),
  );
  return { status: res.statusCode ?? 0, headers, body: (/json/.test(type) && text ? JSON.parse(text) : text) as T };
}
