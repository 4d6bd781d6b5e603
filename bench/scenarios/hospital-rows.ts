import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { uuidv7 } from '@hms/ddd';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Row `i` (from 1) of the synthetic registry: unique name and address, a valid phone; plain ASCII, no quoting needed. */
export function hospitalRow(i: number): readonly [name: string, address: string, phone: string] {
  return [`Bench Clinic ${i}`, `${i} Main Street`, `+1 555 ${String(i).padStart(7, '0')}`];
}

/** Lines in chunks of this many, so streams move a few tens of kilobytes at a time rather than one line. */
const LINES_PER_CHUNK = 1_000;

function* chunks(rows: number, line: (i: number) => string): Generator<string> {
  for (let start = 1; start <= rows; start += LINES_PER_CHUNK) {
    const end = Math.min(rows, start + LINES_PER_CHUNK - 1);
    let chunk = '';
    for (let i = start; i <= end; i += 1) chunk += line(i);
    yield chunk;
  }
}

/** Writes the import file (header `name,address,phone`) without holding it in memory; answers its size in bytes. */
export async function writeHospitalCsv(path: string, rows: number): Promise<number> {
  function* lines() {
    yield 'name,address,phone\n';
    yield* chunks(rows, (i) => `${hospitalRow(i).join(',')}\n`);
  }
  await pipeline(Readable.from(lines()), createWriteStream(path));
  return (await stat(path)).size;
}

/**
 * The COPY baseline: a table with the columns, types, defaults, CHECKs and
 * indexes of `hospitals` (LIKE ... INCLUDING ALL) plus its foreign key to the
 * batches, so the rows land as the import stores them, through the same kind
 * of indexes and checks.
 */
export async function createCopyTable(db: pg.Pool, table: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.query(`CREATE TABLE ${table} (LIKE hospitals INCLUDING ALL)`);
  await db.query(`ALTER TABLE ${table} ADD FOREIGN KEY (batch_id) REFERENCES hospital_import_batches (id)`);
}

/**
 * COPY FROM STDIN of the same rows the import stored: UUID v7 ids (as the
 * app makes them), the batch id and row numbers, the default time zone.
 * Answers the seconds COPY took, in one transaction as COPY runs.
 */
export async function copyHospitals(
  db: pg.Pool,
  table: string,
  rows: number,
  batchId: string,
  timeZone: string,
): Promise<number> {
  const client = await db.connect();
  try {
    const started = performance.now();
    const copy = client.query(
      copyFrom(`COPY ${table} (id, name, address, phone, time_zone, batch_id, batch_row) FROM STDIN (FORMAT text)`),
    );
    const source = Readable.from(
      chunks(rows, (i) => `${uuidv7()}\t${hospitalRow(i).join('\t')}\t${timeZone}\t${batchId}\t${i}\n`),
    );
    await pipeline(source, copy);
    return (performance.now() - started) / 1000;
  } finally {
    client.release();
  }
}
