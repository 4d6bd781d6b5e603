import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';

/** A keyed hash of a normalised email: groups sign-in attempts on one address without storing it. */
@Injectable()
export class EmailKey {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  of(email: string): string {
    return createHmac('sha256', this.config.crypto.blindIndexKeys[0].secret)
      .update(`login:${email.trim().toLowerCase()}`)
      .digest('hex')
      .slice(0, 32);
  }
}
