import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageRequest } from '../../../infrastructure/http/page.request.js';
import { trim } from '../../../infrastructure/http/trim.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_POLICY_SUMMARY } from '../domain/password-policy.js';

export class LoginRequest {
  @ApiProperty({ example: 'ward.nurse@hospital.example', maxLength: 254 })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ format: 'password', maxLength: 1024 })
  @IsString()
  @Length(1, 1024)
  password: string;
}

export class RefreshRequest {
  @ApiProperty({ description: 'The refresh token from the last login or refresh; each is good once' })
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class ChangePasswordRequest {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 1024)
  currentPassword: string;

  @ApiProperty({
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: PASSWORD_POLICY_SUMMARY,
  })
  @IsString()
  @Length(1, 1024)
  newPassword: string;
}

export class EmergencyAccessRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patientId: string;

  @ApiProperty({
    minLength: 10,
    maxLength: 500,
    example: 'Unconscious patient in the emergency department; allergy history needed',
  })
  @Transform(trim)
  @IsString()
  @Length(10, 500)
  reason: string;
}

export class EmergencyGrantQuery extends PageRequest {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ description: 'Only grants still in force' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class AuthTokensResponse {
  @ApiProperty({ description: 'JWT to send as Authorization: Bearer' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque, single-use; exchange at POST /api/v1/auth/refresh' })
  refreshToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn: number;
}

export class EmergencyGrantResponse {
  @ApiProperty({ format: 'uuid' }) grantId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) grantedAt: Date;
  @ApiProperty({ format: 'date-time' }) expiresAt: Date;
}

export class EmergencyGrantPageResponse {
  @ApiProperty({ type: [EmergencyGrantResponse] }) items: EmergencyGrantResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

class ActiveGrantResponse {
  @ApiProperty({ format: 'uuid' }) grantId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: Date;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['active', 'locked', 'deactivated'] }) status: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) hospitalId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) profession: string | null;
  @ApiProperty({ nullable: true, type: String }) specialty: string | null;
  @ApiProperty({ nullable: true, type: String }) licenceNumber: string | null;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String], description: 'Effective permissions, the union of the roles' }) permissions: string[];
  @ApiProperty({ type: [ActiveGrantResponse] }) emergencyAccess: ActiveGrantResponse[];
  @ApiProperty({ format: 'uuid' }) sessionId: string;
}

export class PermissionResponse {
  @ApiProperty({ example: 'users:read' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], example: ['hospital', 'all'] }) scopes: string[];
}
