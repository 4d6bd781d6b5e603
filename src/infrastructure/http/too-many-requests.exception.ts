import { HttpException, HttpStatus } from '@nestjs/common';

/** A guard's refusal (not a domain rule), so an HTTP exception; the problem filter words the 429. */
export class TooManyRequestsException extends HttpException {
  constructor() {
    super('Too many requests', HttpStatus.TOO_MANY_REQUESTS);
  }
}
