import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AppConfig } from '../../../../config/app-config.js';
import { APP_CONFIG } from '../../../../config/config.module.js';
import { validateHospitalCsv } from '../../domain/hospital-csv-validator.js';
import { InvalidHospitalCsvError } from '../../domain/invalid-hospital-csv.error.js';
import { ValidateHospitalCsv } from './validate-hospital-csv.query.js';

@QueryHandler(ValidateHospitalCsv)
export class ValidateHospitalCsvHandler implements IQueryHandler<ValidateHospitalCsv, { totalRows: number }> {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async execute({ file }: ValidateHospitalCsv): Promise<{ totalRows: number }> {
    const validation = await validateHospitalCsv(file.read, { maxRows: this.config.hospitals.importMaxRows });
    if (!validation.valid) throw new InvalidHospitalCsvError(validation.problems, validation.problemCount);
    return { totalRows: validation.totalRows };
  }
}
