import { Command } from '@nestjs/cqrs';
import type { AuthTokens } from '../auth-tokens.js';

export class RefreshSession extends Command<AuthTokens> {
  constructor(
    readonly refreshToken: string,
    readonly ip?: string,
    readonly userAgent?: string,
  ) {
    super();
  }
}
