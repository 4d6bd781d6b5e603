import { ApiProperty } from '@nestjs/swagger';

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) readonly id: string;
  @ApiProperty({ format: 'date-time' }) readonly createdAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly expiresAt: Date;
  @ApiProperty({ format: 'date-time' }) readonly lastRefreshedAt: Date;
  @ApiProperty({ nullable: true, type: String }) readonly ip: string | null;
  @ApiProperty({ nullable: true, type: String }) readonly userAgent: string | null;
}
