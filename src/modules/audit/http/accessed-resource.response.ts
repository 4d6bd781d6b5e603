import { ApiProperty } from '@nestjs/swagger';

export class AccessedResourceResponse {
  @ApiProperty({ example: 'Patient' }) resourceType: string;
  @ApiProperty() resourceId: string;
}
