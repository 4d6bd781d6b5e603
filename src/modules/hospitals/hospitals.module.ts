import { BullModule } from '@nestjs/bull';
import { type DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import type { AppConfig, AppRole } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { ActivateHospitalBatchHandler } from './application/commands/activate-hospital-batch.handler.js';
import { CreateDepartmentHandler } from './application/commands/create-department.handler.js';
import { DeleteHospitalBatchHandler } from './application/commands/delete-hospital-batch.handler.js';
import { RegisterHospitalHandler } from './application/commands/register-hospital.handler.js';
import { UpdateDepartmentHandler } from './application/commands/update-department.handler.js';
import { UpdateHospitalHandler } from './application/commands/update-hospital.handler.js';
import { UploadHospitalBatchHandler } from './application/commands/upload-hospital-batch.handler.js';
import { EnqueueHospitalImport } from './application/events/enqueue-hospital-import.handler.js';
import { HospitalBatchViews } from './application/hospital-batch-views.js';
import { HospitalReferences } from './application/hospital-references.js';
import { FindDepartmentsHandler } from './application/queries/find-departments.handler.js';
import { FindHospitalsHandler } from './application/queries/find-hospitals.handler.js';
import { GetDepartmentHandler } from './application/queries/get-department.handler.js';
import { LocateDepartmentHandler } from './application/queries/locate-department.handler.js';
import { GetHospitalBatchHandler } from './application/queries/get-hospital-batch.handler.js';
import { GetHospitalHandler } from './application/queries/get-hospital.handler.js';
import { ValidateHospitalCsvHandler } from './application/queries/validate-hospital-csv.handler.js';
import { csvUploadOptions } from './http/csv-upload-options.js';
import { CsvUploadInterceptor } from './http/csv-upload.interceptor.js';
import { DepartmentsController } from './http/departments.controller.js';
import { HospitalImportsController } from './http/hospital-imports.controller.js';
import { HospitalsController } from './http/hospitals.controller.js';
import { prepareUploadDirectory } from './http/temp-file-storage.js';
import { DepartmentRepository } from './infrastructure/department.repository.js';
import { HospitalImportProcessor } from './infrastructure/hospital-import.processor.js';
import { HospitalImportWorker } from './infrastructure/hospital-import.worker.js';
import { HospitalRepository } from './infrastructure/hospital.repository.js';
import { ImportBatchRepository } from './infrastructure/import-batch.repository.js';
import { IMPORTS_QUEUE } from './infrastructure/imports-queue.js';

/**
 * Hospitals: the registry, departments, and CSV imports. The imports
 * consumer runs only in processes with the worker role, like the outbox relay.
 */
@Module({})
export class HospitalsModule {
  static forRole(role: AppRole): DynamicModule {
    const worker = role === 'worker' || role === 'all';
    return {
      module: HospitalsModule,
      imports: [
        // In every role: EnqueueHospitalImport is, and any role's /metrics reports the queue's depth.
        BullModule.registerQueue({ name: IMPORTS_QUEUE }),
        MulterModule.registerAsync({
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const { importMaxBytes, importTempDir } = config.hospitals;
            await prepareUploadDirectory(importTempDir);
            return csvUploadOptions(importMaxBytes, importTempDir);
          },
        }),
      ],
      // The import routes first: /hospitals/bulk and /hospitals/batch/... are matched before /hospitals/:id.
      controllers: [HospitalImportsController, HospitalsController, DepartmentsController],
      providers: [
        HospitalRepository,
        DepartmentRepository,
        ImportBatchRepository,
        HospitalBatchViews,
        HospitalReferences,
        CsvUploadInterceptor,
        RegisterHospitalHandler,
        UpdateHospitalHandler,
        CreateDepartmentHandler,
        UpdateDepartmentHandler,
        UploadHospitalBatchHandler,
        ActivateHospitalBatchHandler,
        DeleteHospitalBatchHandler,
        FindHospitalsHandler,
        GetHospitalHandler,
        FindDepartmentsHandler,
        GetDepartmentHandler,
        LocateDepartmentHandler,
        GetHospitalBatchHandler,
        ValidateHospitalCsvHandler,
        EnqueueHospitalImport,
        // Only processes that consume the imports queue parse and store files.
        ...(worker ? [HospitalImportProcessor, HospitalImportWorker] : []),
      ],
    };
  }
}
