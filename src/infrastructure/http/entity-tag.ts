import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT } from './openapi.js';

/**
 * Optimistic concurrency over HTTP: a resource's version travels as its
 * strong ETag ("3"), and updates send it back in If-Match so a change made
 * since the client read the resource is not silently overwritten.
 */
export function setVersionTag(res: Response, version: number): void {
  res.setHeader('ETag', `"${version}"`);
}

/**
 * The version named by If-Match (`"3"`, `W/"3"` or `3`); undefined when the header is absent.
 * Anything else (`*`, a list, garbage) reads as 0, which no version has, so it answers 412.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  return match ? Number(match[1]) : 0;
}

export const IfMatchVersion = createParamDecorator((_data: unknown, ctx: ExecutionContext): number | undefined =>
  parseIfMatch(ctx.switchToHttp().getRequest<Request>().get('if-match')),
);

/** OpenAPI for an update guarded by If-Match. */
export function ApiIfMatch() {
  return applyDecorators(
    ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the version you read, e.g. "3"' }),
    ApiResponse({ status: 412, description: 'The resource changed since that version was read', content: PROBLEM_CONTENT }),
    ApiResponse({ status: 428, description: 'If-Match is missing', content: PROBLEM_CONTENT }),
  );
}

/** The ETag header of a response that carries one version of a resource. */
export const VERSION_TAG_HEADER = { ETag: { description: 'The version, to send back in If-Match', schema: { type: 'string' } } };
