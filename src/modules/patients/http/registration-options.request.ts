import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** Query strings carry text: only the words true and false are booleans. */
const booleanWord = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class RegistrationOptionsRequest {
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Register although a patient with the same name and date of birth exists (after checking the candidates)',
  })
  @Transform(booleanWord)
  @IsOptional()
  @IsBoolean({ message: 'allowDuplicate must be true or false' })
  allowDuplicate?: boolean;
}
