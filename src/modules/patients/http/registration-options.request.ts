import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** Query strings carry text: only the words true and false are booleans. */
const booleanWord = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class RegistrationOptionsRequest {
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      'Register although patients with the same name and date of birth exist (after checking the candidates, and asking ' +
      'about those outside your scope). The check is skipped, so the answer says nothing about them',
  })
  @Transform(booleanWord)
  @IsOptional()
  @IsBoolean({ message: 'allowDuplicate must be true or false' })
  allowDuplicate?: boolean;
}
