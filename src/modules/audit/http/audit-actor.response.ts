import { ApiProperty } from '@nestjs/swagger';

export class AuditActorResponse {
  @ApiProperty({ description: 'User id, or the name of a system actor, or anonymous' }) id: string;
  @ApiProperty({ enum: ['user', 'system', 'anonymous'] }) kind: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'r6V0m1yQwJd2b8kXzT3cAg',
    description:
      'Opaque reference of the session the actor acted in (a keyed hash of its id, 22 base64url characters): the same ' +
      'for every action of one session, never the session id itself. Filter with sessionRef.',
  })
  sessionRef: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ type: String, nullable: true }) hospitalId: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
}
