import { Command } from '@nestjs/cqrs';
import type { AuthTokens } from '../auth-tokens.js';

export class Login extends Command<AuthTokens> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly ip?: string,
    readonly userAgent?: string,
  ) {
    super();
  }
}
