import { ApiProperty } from '@nestjs/swagger';

export class AddressResponse {
  @ApiProperty({ example: '3 Test Lane' }) readonly line1: string;
  @ApiProperty({ nullable: true, type: String }) readonly line2: string | null;
  @ApiProperty({ example: 'Testburgh' }) readonly city: string;
  @ApiProperty({ nullable: true, type: String }) readonly region: string | null;
  @ApiProperty({ nullable: true, type: String }) readonly postalCode: string | null;
  @ApiProperty({ example: 'PT' }) readonly country: string;
}
