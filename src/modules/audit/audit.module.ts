import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig, AppRole } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ExportAuditEventsHandler } from './application/queries/export-audit-events.handler.js';
import { FindAuditEventsHandler } from './application/queries/find-audit-events.handler.js';
import { GetAuditEventHandler } from './application/queries/get-audit-event.handler.js';
import { GetPatientAccessReportHandler } from './application/queries/get-patient-access-report.handler.js';
import { GetRecordVersionsHandler } from './application/queries/get-record-versions.handler.js';
import { GetResourceHistoryHandler } from './application/queries/get-resource-history.handler.js';
import { VerifyAuditChainHandler } from './application/queries/verify-audit-chain.handler.js';
import { AuditKeyring } from './domain/audit-keyring.js';
import { AuditController } from './http/audit.controller.js';
import { AuditChainMonitor } from './infrastructure/audit-chain-monitor.js';
import { AuditEventReader } from './infrastructure/audit-event-reader.js';
import { AuditMaintenance } from './infrastructure/audit-maintenance.js';
import { AuditMetrics } from './infrastructure/audit-metrics.js';
import { AuditPartitions } from './infrastructure/audit-partitions.js';
import { AuditQueueWorker } from './infrastructure/audit-queue.worker.js';
import { AuditVerifier } from './infrastructure/audit-verifier.js';
import { AuditWriter } from './infrastructure/audit-writer.js';

/**
 * The audit store and the auditors' API. The queue consumer and the
 * scheduled housekeeping (partitions, sweep, verification) run only in
 * processes with the worker role, like the outbox relay.
 */
@Module({})
export class AuditModule {
  static forRole(role: AppRole): DynamicModule {
    const worker = role === 'worker' || role === 'all';
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [
        {
          provide: AuditKeyring,
          useFactory: (config: AppConfig) => new AuditKeyring(config.crypto.auditHmacKeys),
          inject: [APP_CONFIG],
        },
        AuditMetrics,
        AuditWriter,
        AuditVerifier,
        AuditEventReader,
        AuditPartitions,
        FindAuditEventsHandler,
        GetAuditEventHandler,
        GetResourceHistoryHandler,
        GetRecordVersionsHandler,
        GetPatientAccessReportHandler,
        ExportAuditEventsHandler,
        VerifyAuditChainHandler,
        ...(worker ? [AuditQueueWorker, AuditChainMonitor, AuditMaintenance] : []),
      ],
    };
  }
}
