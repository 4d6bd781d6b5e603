import { Query } from '@nestjs/cqrs';
import type { Principal } from '@hms/authz';

export interface MeView {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly status: string;
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
  readonly profession: string | null;
  readonly specialty: string | null;
  readonly licenceNumber: string | null;
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
  readonly emergencyAccess: readonly { grantId: string; patientId: string; expiresAt: Date }[];
  readonly sessionId: string;
}

export class GetMe extends Query<MeView> {
  constructor(readonly principal: Principal) {
    super();
  }
}
