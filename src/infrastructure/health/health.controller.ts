import { Controller, Get, HttpStatus, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@hms/authz';
import { SkipRateLimit } from '../http/rate-limit.decorator.js';
import type { Response } from 'express';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Public()
@SkipRateLimit()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP', operationId: 'getLiveness' })
  @ApiOkResponse({ description: 'Alive' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer', operationId: 'getReadiness' })
  @ApiOkResponse({ description: 'Ready to serve' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; details name it' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<Record<string, unknown>> {
    const { ready, result } = await this.health.readiness();
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).setHeader('Cache-Control', 'no-store');
    return result;
  }
}
