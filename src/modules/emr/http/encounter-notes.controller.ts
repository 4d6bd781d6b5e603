import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
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
import { setVersionTag, VERSION_TAG_HEADER } from '../../../infrastructure/http/entity-tag.js';
import { PROBLEM_CONTENT } from '../../../infrastructure/http/openapi.js';
import { ApiPurposeOfUse } from '../../../infrastructure/http/purpose-of-use.js';
import { WriteNote } from '../application/commands/write-note.command.js';
import type { NotePage, NoteView } from '../application/note-view.js';
import { ListEncounterNotes } from '../application/queries/list-encounter-notes.query.js';
import { ListNotesRequest, WriteNoteRequest } from './note.request.js';
import { NotePageResponse, NoteResponse } from './note.response.js';

/** Without emr:read, an encounter's notes answer the encounter's 404 (ADR 25), as out of scope does. */
const ENCOUNTER_RECORD = { refusedAsNotFound: { resourceType: 'Encounter', param: 'id' } };

/** An encounter's clinical notes: write one, list them. */
@ApiTags('emr')
@Controller({ path: 'encounters/:id/notes', version: '1' })
export class EncounterNotesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequirePermission('emr:write')
  @ApiOperation({
    summary: 'Write a draft note (Composition status preliminary) on the encounter; you are its author',
    description:
      'Your emr:write must cover the encounter (404 otherwise, audited). A finished encounter takes a note only as a late ' +
      'entry with lateEntryReason (409 EMR.ENCOUNTER_LOCKED without; flagged lateEntry); an open one refuses a ' +
      'lateEntryReason (409 EMR.NOT_A_LATE_ENTRY); a cancelled or entered-in-error one takes none (409 EMR.ENCOUNTER_VOID). ' +
      'Sign it with POST /notes/{id}/sign (emr:sign).',
    operationId: 'writeNote',
  })
  @ApiCreatedResponse({ type: NoteResponse, headers: VERSION_TAG_HEADER })
  @ApiNotFoundResponse({
    description: 'No such encounter, or one outside your emr:write scope (audited)',
    content: PROBLEM_CONTENT,
  })
  @ApiConflictResponse({
    description: 'The encounter is locked (finished) or void, or the entry is not late',
    content: PROBLEM_CONTENT,
  })
  async write(
    @Param('id', ParseUUIDPipe) encounterId: string,
    @Body() body: WriteNoteRequest,
    @CurrentEditor() writer: RequestEditor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NoteView> {
    const note = await this.commands.execute(
      new WriteNote(writer, encounterId, { type: body.type, text: body.text, lateEntryReason: body.lateEntryReason }),
    );
    res.setHeader('Location', `/api/v1/notes/${note.id}`);
    setVersionTag(res, note.version);
    return note;
  }

  @Get()
  @RequirePermission('emr:read', ENCOUNTER_RECORD)
  @ApiOperation({
    summary: 'The encounter’s notes within your emr:read scope, every version and drafts included, newest first (keyset pages)',
    description:
      'Each note returned is recorded in the audit trail as read (emr.notes), with the purpose of use. 404 for an unknown ' +
      'encounter, or one your emr:read does not cover (audited); without emr:read at all (front desk, billing) 404 too.',
    operationId: 'listEncounterNotes',
  })
  @ApiPurposeOfUse('Why you read the notes')
  @ApiOkResponse({ type: NotePageResponse })
  @ApiNotFoundResponse({
    description: 'No such encounter, one outside your scope, or no emr:read at all (audited)',
    content: PROBLEM_CONTENT,
  })
  list(
    @Param('id', ParseUUIDPipe) encounterId: string,
    @Query() query: ListNotesRequest,
    @CurrentReader() reader: RequestReader,
  ): Promise<NotePage> {
    return this.queries.execute(new ListEncounterNotes(reader, encounterId, { cursor: query.cursor, limit: query.limit }));
  }
}
