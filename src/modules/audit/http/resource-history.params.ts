import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class ResourceHistoryParams {
  @ApiProperty({ description: 'Aggregate type', example: 'User' })
  @Matches(/^[A-Za-z][A-Za-z0-9_-]{0,99}$/, { message: 'type must be a type name' })
  type: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  id: string;
}
