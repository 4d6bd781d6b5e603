import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Length } from 'class-validator';

export class AssignRolesRequest {
  @ApiProperty({ type: [String], example: ['nurse'], description: 'The complete new set of role names' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  roles: string[];
}
