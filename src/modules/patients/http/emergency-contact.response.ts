import { ApiProperty } from '@nestjs/swagger';

export class EmergencyContactResponse {
  @ApiProperty() readonly name: string;
  @ApiProperty() readonly relationship: string;
  @ApiProperty() readonly phone: string;
}
