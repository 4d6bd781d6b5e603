import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditKeyring } from '../domain/audit-keyring.js';
import { type ChainVerification, type ChainVerificationOptions, verifyAuditChain } from './audit-chain-verification.js';

/** Verifies the audit chain with the application's keyring and connection pool. */
@Injectable()
export class AuditVerifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: AuditKeyring,
  ) {}

  verify(options: ChainVerificationOptions = {}): Promise<ChainVerification> {
    return verifyAuditChain(this.dataSource, this.keys, options);
  }
}
