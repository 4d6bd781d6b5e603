import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemTypeFor, type FieldError } from '@hms/problem-details';
import type { Request, Response } from 'express';
import { RequestContext } from '../context/request-context.js';

export interface ProblemInput {
  readonly status: number;
  readonly detail?: string;
  readonly code?: string;
  readonly title?: string;
  readonly errors?: readonly FieldError[];
  readonly extensions?: Record<string, unknown>;
}

/** Builds the problem body; `instance` is the path only, since query strings may carry search terms. */
export function buildProblem(req: Request, input: ProblemInput): ProblemDetails {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  // Extensions first: a detail named like a standard member (code, status, ...) must not replace it.
  return {
    ...input.extensions,
    type: problemTypeFor(input.code),
    title: input.title ?? STATUS_CODES[input.status] ?? 'Error',
    status: input.status,
    ...(input.detail ? { detail: input.detail } : {}),
    instance: path,
    correlationId: RequestContext.correlationId(),
    ...(input.code ? { code: input.code } : {}),
    ...(input.errors?.length ? { errors: input.errors } : {}),
  };
}

export function sendProblem(req: Request, res: Response, input: ProblemInput): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res
    .status(input.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(buildProblem(req, input)));
}
