import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, uuidv7 } from '@hms/ddd';
import type { AppConfig } from '../../../../config/app-config.js';
import { APP_CONFIG } from '../../../../config/config.module.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { checkHospitalDetails, type HospitalDetails } from '../../domain/hospital-details.js';
import { HospitalRegistered } from '../../domain/hospital-registered.event.js';
import { HospitalRepository } from '../../infrastructure/hospital.repository.js';
import { toHospitalView, type HospitalView } from '../hospital-view.js';
import { RegisterHospital } from './register-hospital.command.js';

@CommandHandler(RegisterHospital)
export class RegisterHospitalHandler implements ICommandHandler<RegisterHospital, HospitalView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hospitals: HospitalRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ actor, details }: RegisterHospital): Promise<HospitalView> {
    const checked = checkHospitalDetails({
      name: details.name,
      address: details.address,
      phone: details.phone ?? null,
      isActive: details.isActive ?? false,
      timeZone: details.timeZone ?? this.config.hospitals.defaultTimeZone,
    }) as HospitalDetails;
    const id = uuidv7();
    return this.uow.run(actor, async (tx) => {
      await this.hospitals.insert(tx.manager, { id, ...checked });
      tx.record(
        new HospitalRegistered(id, { isActive: checked.isActive, timeZone: checked.timeZone, hasPhone: checked.phone !== null }),
      );
      const row = await this.hospitals.findById(tx.manager, id);
      if (!row) throw new NotFoundError('Hospital', id);
      return toHospitalView(row);
    });
  }
}
