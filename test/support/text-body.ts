import type { Response } from 'supertest';

/** A supertest parser that keeps a streamed answer (CSV, NDJSON, a FHIR bundle) as one string: `.buffer(true).parse(textBody)`. */
export function textBody(res: Response, done: (error: Error | null, body: string) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => done(null, text));
}
