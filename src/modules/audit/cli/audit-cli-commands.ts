import type pg from 'pg';
import type { CliCommand, CliOutput } from '../../../infrastructure/cli/cli-command.js';
import { UsageError } from '../../../infrastructure/cli/usage-error.js';
import { withPgClient } from '../../../infrastructure/cli/with-pg-client.js';
import { AuditKeyring } from '../domain/audit-keyring.js';
import { type ChainVerification, verifyArchivedPartition, verifyAuditChain } from '../infrastructure/audit-chain-verification.js';
import type { SqlRunner } from '../infrastructure/sql-runner.js';

/** Exit code of a verification that found the audit chain broken (2 is taken by usage errors). */
const CHAIN_BROKEN_EXIT_CODE = 3;

const sqlRunner = (client: pg.Client): SqlRunner => ({
  query: async <T>(sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows as T,
});

function sequenceArg(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(value)) throw new UsageError(`${name} must be a sequence number (1 or more)`);
  return Number(value);
}

function report(result: ChainVerification, io: CliOutput): number {
  const { valid, checked, firstBrokenSequence, reason, lastSequence } = result;
  io.out(JSON.stringify({ valid, checked, firstBrokenSequence, reason, lastSequence }, null, 2));
  return valid ? 0 : CHAIN_BROKEN_EXIT_CODE;
}

/** The operators' audit commands (ADR 7). */
export const AUDIT_CLI_COMMANDS: Readonly<Record<string, CliCommand>> = {
  'audit:verify': {
    help: 'recompute the audit hash chain: audit:verify [fromSequence] [toSequence]; exit 0 valid, 3 broken',
    run: (config, [from, to], io) => {
      const fromSequence = sequenceArg(from, 'fromSequence');
      const toSequence = sequenceArg(to, 'toSequence');
      if (fromSequence !== undefined && toSequence !== undefined && fromSequence > toSequence)
        throw new UsageError('fromSequence must not be after toSequence');
      return withPgClient(config, async (client) =>
        report(
          await verifyAuditChain(sqlRunner(client), new AuditKeyring(config.crypto.auditHmacKeys), {
            fromSequence,
            toSequence,
          }),
          io,
        ),
      );
    },
  },
  'audit:archive': {
    help: 'record how the chain runs through a past month, then detach it: audit:archive audit_events_yYYYYmMM',
    run: (config, [partition], io) => {
      if (!partition) throw new UsageError('name the partition, e.g. audit_events_y2020m01');
      return withPgClient(config, async (client) => {
        const { rows } = await client.query<{ runs: number }>(`SELECT audit_archive_partition($1) AS runs`, [partition]);
        io.out(`detached ${partition} (${rows[0].runs} chain runs recorded); dump it, then drop it when the dump is safe`);
        return 0;
      });
    },
  },
  'audit:verify-archive': {
    help: 'verify a detached audit partition against its recorded runs: audit:verify-archive <table>; exit 0 valid, 3 broken',
    run: (config, [table], io) => {
      if (!table || !/^audit_events_y[0-9]{4}m[0-9]{2}$/.test(table))
        throw new UsageError('name the archived table, e.g. audit_events_y2020m01');
      return withPgClient(config, async (client) =>
        report(await verifyArchivedPartition(sqlRunner(client), new AuditKeyring(config.crypto.auditHmacKeys), table), io),
      );
    },
  },
};
