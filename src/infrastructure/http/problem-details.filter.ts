import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError } from '@hms/ddd';
import type { Request, Response } from 'express';
import { databaseInputProblem } from './database-input.problem.js';
import { JSON_TOO_DEEP, JsonTooDeepError } from './json-depth.js';
import { type ProblemInput, sendProblem } from './problem-response.js';
import { RequestValidationError } from './request-validation.error.js';

/** body-parser's error types, which Nest wraps in HttpExceptions with the original as `cause`. */
const BODY_PARSER_DETAILS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  'entity.too.large': 'The request body is larger than this endpoint accepts.',
  'encoding.unsupported': 'The request body uses a character encoding this API does not accept.',
  'charset.unsupported': 'The request body uses a character set this API does not accept.',
  'request.aborted': 'The request was aborted before its body arrived.',
};

/**
 * The one place that turns any exception into RFC 9457 problem details.
 * Client errors say what is wrong; server errors say nothing about why
 * (no stack, SQL or secret) and are logged with the correlation id instead.
 */
/** Maps a stable error code to its HTTP status; the composition root supplies the exhaustive switch. */
export type StatusForCode = (code: string) => number;

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly statusForCode: StatusForCode) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) {
      this.logger.error(
        { err: exception, route: (req.route as { path?: string } | undefined)?.path },
        'unhandled error while serving a request',
      );
    }
    // RFC 6750: a 401 names the scheme the client should use.
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="hms"');
    // A domain refusal that lasts a while (a sign-in throttle) says for how long, as the rate limiter does.
    const retryAfter = problem.extensions?.retryAfterSeconds;
    if (problem.status === 429 && typeof retryAfter === 'number')
      res.setHeader('Retry-After', Math.max(1, Math.ceil(retryAfter)));
    sendProblem(req, res, problem);
  }

  private toProblem(exception: unknown): ProblemInput {
    if (exception instanceof DomainError) {
      const code: string = (exception as DomainError).code;
      return {
        status: this.statusForCode(code),
        code,
        detail: exception.message,
        // Errors about specific fields (InvalidInputError, a weak password) list them in errors[].
        errors: (exception as DomainError).fields,
        extensions: exception.details ? { ...exception.details } : undefined,
      };
    }
    if (exception instanceof RequestValidationError) {
      return {
        status: HttpStatus.BAD_REQUEST,
        detail: 'The request has invalid fields; see errors.',
        errors: exception.fieldErrors,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status >= 500) return { status, detail: 'The server could not complete the request.' };
      const causeType = (exception.cause as { type?: string } | undefined)?.type;
      // body-parser answers every verify failure 403; an over-deep body is the client's 400.
      if (causeType === JSON_TOO_DEEP) {
        return { status: HttpStatus.BAD_REQUEST, code: 'COMMON.INVALID_INPUT', detail: new JsonTooDeepError().message };
      }
      if (causeType && BODY_PARSER_DETAILS[causeType]) return { status, detail: BODY_PARSER_DETAILS[causeType] };
      return { status, detail: this.clientMessage(exception, status) };
    }
    return (
      databaseInputProblem(exception) ?? {
        status: HttpStatus.INTERNAL_SERVER_ERROR,
        detail: 'The server could not complete the request.',
      }
    );
  }

  private clientMessage(exception: HttpException, status: number): string {
    // getStatus() is a plain number; compare it as one.
    if (status === Number(HttpStatus.NOT_FOUND) && exception.message.startsWith('Cannot ')) {
      return 'No such route. See /api/docs for the API.';
    }
    if (status === Number(HttpStatus.TOO_MANY_REQUESTS))
      return 'Too many requests; retry after the time in the Retry-After header.';
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
    return exception.message;
  }
}
