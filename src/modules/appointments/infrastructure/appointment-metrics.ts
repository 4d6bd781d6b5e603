import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../../infrastructure/metrics/metrics.service.js';

/** What a booking command answered, as far as the metrics look at it. */
export interface BookingFacts {
  readonly replayed: boolean;
  readonly appointment: { readonly status: string };
}

/**
 * The appointments context's metrics, on the application's registry.
 * Labels are outcomes and fee tiers only: never an id.
 */
@Injectable()
export class AppointmentMetrics {
  private readonly created: Counter;
  private readonly cancellations: Counter<'percent'>;
  private readonly noShows: Counter;
  private readonly bookingDuration: Histogram<'outcome'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.created = new Counter({
      name: 'appointments_created_total',
      help: 'Appointments booked (a hold made into a booking included; holds and Idempotency-Key replays not)',
      registers,
    });
    this.cancellations = new Counter({
      name: 'appointments_cancelled_total',
      help: 'Appointments cancelled, by the fee tier fixed with the cancellation (percent of the price); no-shows, always 100, are appointments_no_show_total',
      labelNames: ['percent'] as const,
      registers,
    });
    // Both tiers a cancellation can fix are exported from the start, so a rate over them never lacks a series.
    for (const percent of ['0', '50']) this.cancellations.inc({ percent }, 0);
    this.noShows = new Counter({
      name: 'appointments_no_show_total',
      help: 'Appointments recorded as no-shows (each with a fee of 100 percent of the price)',
      registers,
    });
    this.bookingDuration = new Histogram({
      name: 'appointments_booking_duration_seconds',
      help: 'Time a booking command took until it answered, by outcome (booked, held, replayed)',
      labelNames: ['outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
  }

  /**
   * A booking command answered in its own, committed unit of work: counts
   * the appointment it booked (not a hold, not a replay) and observes its
   * duration since `startedAt`, the instant the command began. A booking
   * inside a caller's unit of work (an occurrence of a series) may still be
   * rolled back with it, and runs on the caller's clock: it is not recorded.
   */
  booked(outcome: BookingFacts, startedAt: Date): void {
    const kind = outcome.replayed ? 'replayed' : outcome.appointment.status === 'proposed' ? 'held' : 'booked';
    if (kind === 'booked') this.created.inc();
    this.bookingDuration.observe({ outcome: kind }, Math.max(0, Date.now() - startedAt.getTime()) / 1000);
  }

  /** A cancellation committed, with the fee tier it fixed. */
  cancelled(percent: 0 | 50 | 100): void {
    this.cancellations.inc({ percent: String(percent) });
  }

  noShow(): void {
    this.noShows.inc();
  }
}
