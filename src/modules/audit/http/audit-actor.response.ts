import { ApiProperty } from '@nestjs/swagger';

export class AuditActorResponse {
  @ApiProperty({ description: 'User id, or the name of a system actor, or anonymous' }) id: string;
  @ApiProperty({ enum: ['user', 'system', 'anonymous'] }) kind: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: String, nullable: true }) sessionId: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ type: String, nullable: true }) hospitalId: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
}
