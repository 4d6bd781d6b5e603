import { applyDecorators, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Res, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequirePermission } from '@hms/authz';
import type { Response } from 'express';
import {
  CurrentEditor,
  CurrentReader,
  type RequestEditor,
  type RequestReader,
} from '../../../infrastructure/http/current-reader.decorator.js';
import { ApiIfMatch, IfMatchVersion, setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { AS_OF_READ_DESCRIPTION, AsOfRequest, asOfInstant } from '../../../infrastructure/http/as-of.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import { AmendNote } from '../application/commands/amend-note.command.js';
import { SignNote } from '../application/commands/sign-note.command.js';
import { UpdateNote } from '../application/commands/update-note.command.js';
import type { NoteView } from '../application/note-view.js';
import { GetNote } from '../application/queries/get-note.query.js';
import { AmendNoteRequest, UpdateNoteRequest } from './note.request.js';
import { NoteResponse } from './note.response.js';

/** Without emr:read, a note answers its 404 (ADR 25), as out of scope does. */
const NOTE_RECORD = { refusedAsNotFound: { resourceType: 'Note', param: 'id' } };
const NOT_FOUND = ApiNotFoundResponse({
  description: 'No such note, or one outside your emr:write (and, to sign or amend, emr:sign) scope (audited)',
  content: PROBLEM_CONTENT,
});
const OPTIONAL_IF_MATCH = applyDecorators(
  ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the version you read, e.g. "3"; optional' }),
  ApiResponse({ status: 412, description: 'If-Match named a version that is no longer current', content: PROBLEM_CONTENT }),
);

/** One clinical note: read it, change or sign a draft, amend a signed one. */
@ApiTags('emr')
@Controller({ path: 'notes', version: '1' })
export class NotesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id')
  @RequirePermission('emr:read', NOTE_RECORD)
  @ApiOperation({
    summary: 'One note, any version (an amended one says which amendment superseded it)',
    description:
      'Recorded in the audit trail as read (emr.notes) with the purpose of use, in the statement that loads it. Out of ' +
      'scope answers 404 like a missing note, audited as AccessDenied; without emr:read (front desk, billing) 404 too.' +
      AS_OF_READ_DESCRIPTION,
    operationId: 'getNote',
  })
  @ApiPurposeOfUse('Why you read the note')
  @ApiOkResponse({ type: NoteResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({
    description: 'No such note, one outside your scope, or no emr:read (audited)',
    content: PROBLEM_CONTENT,
  })
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() options: AsOfRequest,
    @CurrentReader() reader: RequestReader,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NoteView> {
    const asOf = options.asOf === undefined ? undefined : asOfInstant(options.asOf);
    return this.tagged(res, await this.queries.execute(new GetNote(reader, id, asOf)));
  }

  @Patch(':id')
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'Change a draft note’s type or text: its author only',
    description:
      '403 EMR.NOT_NOTE_AUTHOR for anyone but the author (audited); 409 EMR.NOTE_SIGNED once signed (amend it instead); ' +
      '409 EMR.ENCOUNTER_VOID on a cancelled or entered-in-error encounter.',
    operationId: 'updateNote',
  })
  @ApiOkResponse({ type: NoteResponse, headers: VERSION_TAG_HEADER })
  @ApiIfMatch()
  @ApiForbiddenResponse({ description: 'Not the author, or no emr:write', content: PROBLEM_CONTENT })
  @ApiConflictResponse({ description: 'The note is signed, or its encounter void', content: PROBLEM_CONTENT })
  @NOT_FOUND
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateNoteRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NoteView> {
    return this.tagged(
      res,
      await this.commands.execute(new UpdateNote(writer, id, version, { type: body.type, text: body.text })),
    );
  }

  @Post(':id/sign')
  @HttpCode(200)
  @RequirePermission('emr:sign')
  @ApiOperation({
    summary: 'Sign a draft note (preliminary → final): its author only, with emr:sign',
    description:
      'By default doctors hold emr:sign and nurses do not: a nurse’s note stays a draft unless a role grants it. 403 ' +
      'EMR.NOT_NOTE_AUTHOR for anyone but the author (audited); 409 EMR.NOTE_SIGNED when signed already; 409 ' +
      'EMR.ENCOUNTER_VOID on a void encounter. A draft on a finished encounter is still signed.',
    operationId: 'signNote',
  })
  @ApiOkResponse({ type: NoteResponse, headers: VERSION_TAG_HEADER })
  @OPTIONAL_IF_MATCH
  @ApiForbiddenResponse({ description: 'Not the author, or no emr:sign', content: PROBLEM_CONTENT })
  @ApiConflictResponse({ description: 'Signed already, or the encounter is void', content: PROBLEM_CONTENT })
  @NOT_FOUND
  async sign(
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NoteView> {
    return this.tagged(res, await this.commands.execute(new SignNote(writer, id, version)));
  }

  @Post(':id/amendments')
  @RequirePermission('emr:sign')
  @ApiOperation({
    summary: 'Correct a signed note: a new version, signed by you, linked to it; the note amended stays readable, marked amended',
    description:
      'Anyone whose emr:write and emr:sign cover the note amends it, on a finished encounter too (an amendment is not a new ' +
      'entry). 409 EMR.NOTE_NOT_SIGNED for a draft (edit it instead); 409 EMR.NOTE_SUPERSEDED for a version amended already ' +
      '(currentNoteId names the one to amend); 409 EMR.ENCOUNTER_VOID on a void encounter. If-Match, when sent, is the ' +
      'amended version’s.',
    operationId: 'amendNote',
  })
  @ApiCreatedResponse({ type: NoteResponse, headers: VERSION_TAG_HEADER })
  @OPTIONAL_IF_MATCH
  @ApiConflictResponse({ description: 'A draft, a version amended already, or a void encounter', content: PROBLEM_CONTENT })
  @NOT_FOUND
  async amend(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AmendNoteRequest,
    @IfMatchVersion() version: number | undefined,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NoteView> {
    const amendment = await this.commands.execute(new AmendNote(writer, id, version, { text: body.text, reason: body.reason }));
    res.setHeader('Location', `/api/v1/notes/${amendment.id}`);
    return this.tagged(res, amendment);
  }

  private tagged(res: Response, note: NoteView): NoteView {
    setVersionTag(res, note.version);
    return note;
  }
}
