import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { addressBucket } from '../domain/address-bucket.js';

/**
 * A keyed hash of a client's address bucket (an IPv4 address or an IPv6 /64): the sign-in
 * throttles and the usual addresses store this, never the address, which is personal data.
 */
@Injectable()
export class AddressKey {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  of(address: string | undefined): string {
    return createHmac('sha256', this.config.crypto.blindIndexKeys[0].secret)
      .update(`sign-in-address:${addressBucket(address)}`)
      .digest('hex')
      .slice(0, 32);
  }
}
