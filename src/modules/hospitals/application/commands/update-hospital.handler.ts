import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { checkHospitalDetails, type HospitalDetails } from '../../domain/hospital-details.js';
import { HospitalUpdated } from '../../domain/hospital-updated.event.js';
import { HospitalRepository } from '../../infrastructure/hospital.repository.js';
import { toHospitalView, type HospitalView } from '../hospital-view.js';
import { UpdateHospital } from './update-hospital.command.js';

const COLUMNS: Record<keyof HospitalDetails, string> = {
  name: 'name',
  address: 'address',
  phone: 'phone',
  isActive: 'is_active',
  timeZone: 'time_zone',
};

@CommandHandler(UpdateHospital)
export class UpdateHospitalHandler implements ICommandHandler<UpdateHospital, HospitalView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hospitals: HospitalRepository,
  ) {}

  async execute({ actor, hospitalId, expectedVersion, changes }: UpdateHospital): Promise<HospitalView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    const checked = checkHospitalDetails(changes);
    return this.uow.run(actor, async (tx) => {
      const hospital = await this.hospitals.findById(tx.manager, hospitalId, 'no key update');
      if (!hospital) throw new NotFoundError('Hospital', hospitalId);
      if (hospital.version !== expectedVersion) throw new VersionMismatchError('Hospital', expectedVersion, hospital.version);
      const current: HospitalDetails = {
        name: hospital.name,
        address: hospital.address,
        phone: hospital.phone,
        isActive: hospital.is_active,
        timeZone: hospital.time_zone,
      };
      const fields = (Object.keys(COLUMNS) as (keyof HospitalDetails)[]).filter(
        (field) => checked[field] !== undefined && checked[field] !== current[field],
      );
      if (fields.length > 0) {
        const version = await this.hospitals.update(
          tx.manager,
          hospitalId,
          Object.fromEntries(fields.map((field) => [COLUMNS[field], checked[field]])),
        );
        // Field names only, like every update event.
        tx.record(new HospitalUpdated(hospitalId, version, fields));
      }
      const row = await this.hospitals.findById(tx.manager, hospitalId);
      if (!row) throw new NotFoundError('Hospital', hospitalId);
      return toHospitalView(row);
    });
  }
}
