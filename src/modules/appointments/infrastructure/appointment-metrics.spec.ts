import { describe, expect, it } from '@jest/globals';
import { MetricsService } from '../../../infrastructure/metrics/metrics.service.js';
import { AppointmentMetrics } from './appointment-metrics.js';

const value = async (metrics: MetricsService, name: string, labels: Record<string, string> = {}) => {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const sample = metric?.values.find((v) =>
    Object.entries(labels).every(([key, label]) => (v.labels as Record<string, unknown>)[key] === label),
  );
  return sample?.value;
};

describe('AppointmentMetrics', () => {
  it('counts a booking, not a hold or a replay, and times each by outcome', async () => {
    const metrics = new MetricsService();
    const appointments = new AppointmentMetrics(metrics);
    const startedAt = new Date(Date.now() - 250);
    appointments.booked({ replayed: false, appointment: { status: 'booked' } }, startedAt);
    appointments.booked({ replayed: false, appointment: { status: 'proposed' } }, startedAt);
    appointments.booked({ replayed: true, appointment: { status: 'booked' } }, startedAt);

    expect(await value(metrics, 'appointments_created_total')).toBe(1);
    const text = await metrics.registry.metrics();
    for (const outcome of ['booked', 'held', 'replayed']) {
      const sum = new RegExp(`^appointments_booking_duration_seconds_sum\\{outcome="${outcome}"\\} (\\S+)$`, 'm').exec(text);
      expect(Number(sum?.[1])).toBeGreaterThanOrEqual(0.25);
    }
    expect(text).toContain('appointments_booking_duration_seconds_count{outcome="booked"} 1');
    expect(text).toContain('appointments_booking_duration_seconds_bucket{le="0.1",outcome="booked"} 0');
  });

  it('counts cancellations by fee tier, both tiers exported from the start, and no-shows', async () => {
    const metrics = new MetricsService();
    const appointments = new AppointmentMetrics(metrics);
    expect(await value(metrics, 'appointments_cancelled_total', { percent: '0' })).toBe(0);
    expect(await value(metrics, 'appointments_cancelled_total', { percent: '50' })).toBe(0);
    appointments.cancelled(50);
    appointments.cancelled(50);
    appointments.noShow();
    expect(await value(metrics, 'appointments_cancelled_total', { percent: '0' })).toBe(0);
    expect(await value(metrics, 'appointments_cancelled_total', { percent: '50' })).toBe(2);
    expect(await value(metrics, 'appointments_no_show_total')).toBe(1);
  });
});
