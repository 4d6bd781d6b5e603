import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, ValidateIf } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';
import { UserProfileRequest } from './user-profile.request.js';

/** Fields left out stay as they are; null clears an optional field. Email, password and roles have their own routes. */
export class UpdateUserRequest extends UserProfileRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Transform(trim)
  // A display name can change but not disappear: null is refused.
  @ValidateIf((_object, value) => value !== undefined)
  @IsString()
  @Length(1, 200)
  displayName?: string;
}
