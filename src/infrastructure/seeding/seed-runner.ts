import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { SEEDER_METADATA, type Seeder } from './seeder.js';

/** Finds every @DemoSeeder provider and runs them in order. */
@Injectable()
export class SeedRunner {
  constructor(private readonly discovery: DiscoveryService) {}

  seeders(): { name: string; order: number; seeder: Seeder }[] {
    return this.discovery
      .getProviders()
      .filter((w) => w.metatype && w.instance && Reflect.getMetadata(SEEDER_METADATA, w.metatype) !== undefined)
      .map((w) => ({
        name: String(w.name),
        order: Reflect.getMetadata(SEEDER_METADATA, w.metatype!) as number,
        seeder: w.instance as Seeder,
      }))
      .sort((a, b) => a.order - b.order);
  }

  async run(report: (line: string) => void): Promise<number> {
    const seeders = this.seeders();
    for (const { name, seeder } of seeders) report(`${name}: ${await seeder.seed()}`);
    return seeders.length;
  }
}
