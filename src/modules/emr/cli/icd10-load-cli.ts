import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type pg from 'pg';
import type { AppConfig } from '../../../config/app-config.js';
import type { CliOutput } from '../../../infrastructure/cli/cli-command.js';
import { UsageError } from '../../../infrastructure/cli/usage-error.js';
import { withPgClient } from '../../../infrastructure/cli/with-pg-client.js';
import { checkCatalogueRow, isCatalogueHeader } from '../domain/icd10-catalogue-row.js';

/** Exit code of a file refused (2 is taken by usage errors). */
export const CATALOGUE_REFUSED_EXIT_CODE = 1;
/** Problems printed; past this many only the count grows. */
const MAX_REPORTED = 20;
/** Rows per INSERT: a few hundred parameters each, far from PostgreSQL's limit. */
const BATCH = 500;

interface Problem {
  readonly line: number;
  readonly message: string;
}

async function insertBatch(client: pg.Client, batch: { code: string; display: string }[]): Promise<void> {
  if (batch.length === 0) return;
  await client.query(`INSERT INTO diagnosis_codes (code, display) SELECT * FROM unnest($1::text[], $2::text[])`, [
    batch.map((row) => row.code),
    batch.map((row) => row.display),
  ]);
}

/**
 * `emr:icd10-load <file.csv>`: replaces the ICD-10 catalogue with the file,
 * in one transaction (all or nothing; searches see the old catalogue until
 * the commit). The file is UTF-8 CSV whose first line is the header
 * `code,display`; it is streamed, rows inserted in batches as they are
 * read. Any bad row (wrong form, a code twice, a third cell) refuses the
 * whole file: the problems are printed with their line numbers (never the
 * cells) and nothing is loaded. Concurrent loads wait for each other.
 */
export async function runIcd10Load(config: AppConfig, args: readonly string[], io: CliOutput): Promise<number> {
  const [file, ...rest] = args;
  if (!file || rest.length > 0) throw new UsageError('name the catalogue file: emr:icd10-load <file.csv>');
  try {
    if (!(await stat(file)).isFile()) throw new UsageError(`${file} is not a file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}`);
  }
  return withPgClient(config, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query('LOCK TABLE diagnosis_codes IN EXCLUSIVE MODE');
      const { rowCount: replaced } = await client.query('DELETE FROM diagnosis_codes');
      const problems: Problem[] = [];
      let problemCount = 0;
      const refuse = (line: number, message: string) => {
        problemCount += 1;
        if (problems.length < MAX_REPORTED) problems.push({ line, message });
      };
      const seen = new Map<string, number>();
      let batch: { code: string; display: string }[] = [];
      let loaded = 0;
      let first = true;
      const parser = createReadStream(file).pipe(
        parse({
          bom: true,
          delimiter: ',',
          record_delimiter: ['\r\n', '\n', '\r'],
          relax_column_count: true,
          skip_empty_lines: true,
          max_record_size: 4 * 1024,
          info: true,
        }),
      );
      try {
        for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
          const line = info.lines;
          if (first) {
            first = false;
            if (!isCatalogueHeader(record)) {
              refuse(line, 'the first line must be the header code,display');
              break;
            }
            continue;
          }
          const checked = checkCatalogueRow(record);
          if (!checked.ok) {
            refuse(line, checked.problem);
            continue;
          }
          const earlier = seen.get(checked.code);
          if (earlier !== undefined) {
            refuse(line, `code ${checked.code} appears already on line ${earlier}`);
            continue;
          }
          seen.set(checked.code, line);
          if (problemCount > 0) continue;
          batch.push(checked);
          if (batch.length === BATCH) {
            await insertBatch(client, batch);
            loaded += batch.length;
            batch = [];
          }
        }
      } catch (error) {
        const code = (error as { code?: string }).code;
        const line = (error as { lines?: number }).lines;
        if (!code?.startsWith('CSV_') && code !== 'INVALID_OPENING_QUOTE') throw error;
        refuse(line ?? 0, 'the file is not valid CSV here (check the quotes)');
      }
      if (first && problemCount === 0) refuse(1, 'the file is empty');
      if (problemCount === 0) {
        await insertBatch(client, batch);
        loaded += batch.length;
        if (loaded === 0) refuse(2, 'the file holds no codes; an empty catalogue is not loaded');
      }
      if (problemCount > 0) {
        await client.query('ROLLBACK');
        for (const problem of problems) io.err(`${file}: line ${problem.line}: ${problem.message}`);
        if (problemCount > problems.length) io.err(`${file}: ${problemCount - problems.length} more problems`);
        io.err(`${file}: refused, ${problemCount} problem${problemCount === 1 ? '' : 's'}; nothing was loaded`);
        return CATALOGUE_REFUSED_EXIT_CODE;
      }
      await client.query('COMMIT');
      io.out(`loaded ${loaded} ICD-10 codes from ${file} (replacing ${replaced ?? 0})`);
      return 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}
