import { SetMetadata } from '@nestjs/common';

export const SEEDER_METADATA = 'hms:seeder';

/** Demo data a context offers for local use. Seeders must be idempotent: `npm run seed` may run twice. */
export interface Seeder {
  seed(): Promise<string>;
}

/** Marks a provider as a seeder; lower order runs first (hospitals before users before patients). */
export const DemoSeeder = (order: number) => SetMetadata(SEEDER_METADATA, order);
