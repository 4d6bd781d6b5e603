import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from './user.response.js';

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] }) readonly items: readonly UserResponse[];
  @ApiProperty() readonly total: number;
  @ApiProperty() readonly page: number;
  @ApiProperty() readonly pageSize: number;
}
