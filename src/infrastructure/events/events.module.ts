import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AppRole } from '../../config/app-config.js';
import { DomainEventDispatcher } from './domain-event-dispatcher.js';
import { DomainEventsWorker } from './domain-events.worker.js';
import { OutboxRelay } from './outbox-relay.js';

/** The outbox relay and the domain-events consumer run only in processes with the worker role. */
@Module({})
export class EventsModule {
  static forRole(role: AppRole): DynamicModule {
    const worker = role === 'worker' || role === 'all';
    return {
      module: EventsModule,
      imports: [DiscoveryModule],
      providers: worker ? [DomainEventDispatcher, DomainEventsWorker, OutboxRelay] : [],
      exports: worker ? [DomainEventDispatcher, OutboxRelay] : [],
    };
  }
}
