import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { Response } from 'express';
import type { AccessReportItem } from '../application/access-report-item.js';
import type { AuditEventView } from '../application/audit-event-view.js';
import type { AuditPage } from '../application/audit-page.js';
import { ExportAuditEvents } from '../application/queries/export-audit-events.query.js';
import { FindAuditEvents } from '../application/queries/find-audit-events.query.js';
import { GetAuditEvent } from '../application/queries/get-audit-event.query.js';
import { GetPatientAccessReport } from '../application/queries/get-patient-access-report.query.js';
import { GetResourceHistory } from '../application/queries/get-resource-history.query.js';
import { type ChainVerificationView, VerifyAuditChain } from '../application/queries/verify-audit-chain.query.js';
import { AccessReportPageResponse } from './access-report-page.response.js';
import { AccessReportRequest } from './access-report.request.js';
import { AuditEventPageResponse } from './audit-event-page.response.js';
import { AuditEventResponse } from './audit-event.response.js';
import { AuditPageRequest } from './audit-page.request.js';
import { ChainVerificationResponse } from './chain-verification.response.js';
import { ExportAuditEventsRequest } from './export-audit-events.request.js';
import { FindAuditEventsRequest } from './find-audit-events.request.js';
import { ResourceHistoryParams } from './resource-history.params.js';
import { toAuditEventFilter } from './to-audit-event-filter.js';
import { VerifyAuditChainRequest } from './verify-audit-chain.request.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

/** A download the client abandoned: nothing went wrong on our side. */
const clientWentAway = (error: unknown) => (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';

/** The auditors' API. Every call is itself audited (AuditTrailQueried). */
@ApiTags('audit')
@Controller({ path: 'audit', version: '1' })
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('events')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Search the audit trail (keyset pages, newest first by default)', operationId: 'findAuditEvents' })
  @ApiOkResponse({ type: AuditEventPageResponse })
  find(@Query() query: FindAuditEventsRequest, @CurrentActor() actor: Actor): Promise<AuditPage<AuditEventView>> {
    const { cursor, limit, order } = query;
    return this.queries.execute(new FindAuditEvents(toAuditEventFilter(query), { cursor, limit, order }, actor));
  }

  @Get('events/:eventId')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'One audit entry, by the id of its event', operationId: 'getAuditEvent' })
  @ApiOkResponse({ type: AuditEventResponse })
  @ApiNotFoundResponse({
    description: 'No audited event has this id',
    content: PROBLEM_CONTENT,
  })
  get(@Param('eventId', ParseUUIDPipe) eventId: string, @CurrentActor() actor: Actor): Promise<AuditEventView> {
    return this.queries.execute(new GetAuditEvent(eventId, actor));
  }

  @Get('resources/:type/:id/history')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Every event of one record, oldest first', operationId: 'getResourceHistory' })
  @ApiOkResponse({ type: AuditEventPageResponse })
  history(
    @Param() params: ResourceHistoryParams,
    @Query() page: AuditPageRequest,
    @CurrentActor() actor: Actor,
  ): Promise<AuditPage<AuditEventView>> {
    return this.queries.execute(
      new GetResourceHistory(params.type, params.id, { cursor: page.cursor, limit: page.limit }, actor),
    );
  }

  @Get('patients/:patientId/access-report')
  @RequirePermission('audit:read')
  @ApiOperation({
    summary: "Who accessed a patient's record, when, what and why, break-the-glass marked (oldest first)",
    operationId: 'getPatientAccessReport',
  })
  @ApiOkResponse({ type: AccessReportPageResponse })
  accessReport(
    @Param('patientId', ParseUUIDPipe) patientId: string,
    @Query() query: AccessReportRequest,
    @CurrentActor() actor: Actor,
  ): Promise<AuditPage<AccessReportItem>> {
    return this.queries.execute(
      new GetPatientAccessReport(
        patientId,
        { from: date(query.from), to: date(query.to) },
        { cursor: query.cursor, limit: query.limit },
        actor,
      ),
    );
  }

  @Get('export')
  @RequirePermission('audit:read')
  @ApiOperation({
    summary: 'Download the filtered trail as CSV, NDJSON or a FHIR R4 Bundle of AuditEvent, streamed',
    operationId: 'exportAuditEvents',
  })
  @ApiProduces('text/csv', 'application/x-ndjson', 'application/fhir+json')
  @ApiOkResponse({
    description: 'The file, written as it is read',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/x-ndjson': { schema: { type: 'string' } },
      'application/fhir+json': { schema: { type: 'object' } },
    },
  })
  async export(@Query() query: ExportAuditEventsRequest, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const file = await this.queries.execute(new ExportAuditEvents(toAuditEventFilter(query), query.order, query.format, actor));
    res.status(HttpStatus.OK);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      // pipeline waits on the socket (backpressure) and stops the reading when the client disconnects.
      await pipeline(Readable.from(file.chunks, { objectMode: false }), res);
    } catch (error) {
      if (!clientWentAway(error)) throw error;
    }
  }

  @Post('verify')
  @RequirePermission('audit:read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Recompute the hash chain over a range of sequences', operationId: 'verifyAuditChain' })
  @ApiOkResponse({ type: ChainVerificationResponse })
  verify(@Body() body: VerifyAuditChainRequest, @CurrentActor() actor: Actor): Promise<ChainVerificationView> {
    return this.queries.execute(new VerifyAuditChain(body.fromSequence, body.toSequence, actor));
  }
}
