import { ApiProperty } from '@nestjs/swagger';

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty() readonly email: string;
  @ApiProperty() readonly displayName: string;
  @ApiProperty({ enum: ['active', 'locked', 'deactivated'] }) readonly status: 'active' | 'locked' | 'deactivated';
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Null while locked means until unlocked' })
  readonly lockedUntil: Date | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) readonly hospitalId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) readonly departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) readonly profession: string | null;
  @ApiProperty({ nullable: true, type: String }) readonly specialty: string | null;
  @ApiProperty({ nullable: true, type: String }) readonly licenceNumber: string | null;
  @ApiProperty({ type: [String] }) readonly roles: readonly string[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readonly lastLoginAt: Date | null;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: Date;
  @ApiProperty({ description: 'Send it back in If-Match to update' }) readonly version: number;
}
