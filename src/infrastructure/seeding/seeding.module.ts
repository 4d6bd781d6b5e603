import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { SeedRunner } from './seed-runner.js';

@Module({ imports: [DiscoveryModule], providers: [SeedRunner], exports: [SeedRunner] })
export class SeedingModule {}
