import { ApiProperty } from '@nestjs/swagger';

export class RoleResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ example: 'ward_clerk' }) readonly name: string;
  @ApiProperty() readonly description: string;
  @ApiProperty({ description: 'Installed with the system: never deleted; admin is also read-only' }) readonly builtIn: boolean;
  @ApiProperty({ type: [String] }) readonly permissions: readonly string[];
  @ApiProperty({ description: 'Users holding the role' }) readonly userCount: number;
  @ApiProperty({ description: 'Send it back in If-Match to update' }) readonly version: number;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt: Date;
}
