import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Months of audit partitions kept ready beyond the current one. */
export const AUDIT_PARTITION_MONTHS_AHEAD = 3;

/** Creates the coming months' partitions through the migration's reviewed SQL function (idempotent). */
@Injectable()
export class AuditPartitions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ensureAhead(): Promise<void> {
    await this.dataSource.query(`SELECT audit_ensure_partitions($1)`, [AUDIT_PARTITION_MONTHS_AHEAD]);
  }
}
