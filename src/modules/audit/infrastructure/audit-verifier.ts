import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { type ChainVerification, type ChainVerificationOptions, verifyAuditChain } from './audit-chain-verification.js';

/** Verifies the audit chain with the application's key and connection pool. */
@Injectable()
export class AuditVerifier {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  verify(options: ChainVerificationOptions = {}): Promise<ChainVerification> {
    return verifyAuditChain(this.dataSource, this.config.crypto.auditHmacKey, options);
  }
}
