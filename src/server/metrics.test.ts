// The Prometheus registry on its own: gauges read the last state when scraped, series of devices
// that are gone disappear, counters count what the bus said.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventBus, type AmpshareEvent } from '../runtime/events.js';
import { aCharger, aState } from '../store/test-support/states.js';
import { Metrics } from './metrics.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');

function cycle(bus: EventBus, durationMs: number): void {
  bus.emit({
    type: 'cycle.completed',
    atMs: T0,
    trigger: 'telegram',
    durationMs,
    result: {},
  } as unknown as AmpshareEvent);
}

describe('Prometheus metrics', () => {
  it('fills the gauges from the last state when scraped and drops series that are gone', async () => {
    const metrics = new Metrics();
    const bus = new EventBus((error) => assert.fail(String(error)));
    const detach = metrics.attach(bus);
    const before = await metrics.text();
    assert.doesNotMatch(before, /ampshare_device_setpoint_amperes\{/, 'no state yet');
    assert.match(before, /^ampshare_failsafe nan$/im, 'not 0 before the first cycle');

    bus.emit({
      type: 'state.updated',
      state: aState({
        atMs: T0,
        gridPowerW: 4200,
        devices: [aCharger({ id: 'car1', setpointA: 10 }), aCharger({ id: 'car2', setpointA: 6 })],
      }),
    });
    bus.emit({
      type: 'state.updated',
      state: aState({
        atMs: T0 + 1000,
        gridPowerW: 3900,
        devices: [
          aCharger({ id: 'car1', setpointA: 12 }),
          aCharger({ id: 'car2', setpointA: 6, status: 'paused' }),
        ],
      }),
    });
    cycle(bus, 2);
    cycle(bus, 30);
    let text = await metrics.text();
    assert.match(
      text,
      /^ampshare_device_setpoint_amperes\{device="car1"\} 12$/m,
      'the last state, not the first',
    );
    assert.match(text, /^ampshare_device_status\{device="car2",status="paused"\} 1$/m);
    assert.match(text, /^ampshare_device_status\{device="car2",status="running"\} 0$/m);
    assert.match(text, /^ampshare_grid_power_watts 3900$/m);
    assert.match(text, /^ampshare_cycles_total\{trigger="telegram"\} 2$/m);
    assert.match(text, /^ampshare_cycle_duration_seconds_bucket\{le="0.002"\} 1$/m);
    assert.match(text, /^ampshare_cycle_duration_seconds_bucket\{le="0.05"\} 2$/m);

    bus.emit({
      type: 'state.updated',
      state: aState({ atMs: T0 + 2000, gridPowerW: null, devices: [aCharger({ id: 'car1', setpointA: 8 })] }),
    });
    text = await metrics.text();
    assert.match(text, /^ampshare_device_setpoint_amperes\{device="car1"\} 8$/m);
    assert.doesNotMatch(text, /device="car2"/, 'a device no longer in the state has no series');
    assert.match(text, /^ampshare_grid_power_watts nan$/im, 'no meter data: NaN, not 0 or the last value');
    assert.match(text, /^ampshare_month_peak_watts nan$/im, 'no peak control');
    detach();
  });

  it('counts cycles and events from the start, though prom-client only loads on the first scrape', async () => {
    const metrics = new Metrics();
    const bus = new EventBus((error) => assert.fail(String(error)));
    const detach = metrics.attach(bus);
    cycle(bus, 0.4);
    cycle(bus, 7);
    cycle(bus, 300);
    bus.emit({
      type: 'meter.status',
      atMs: T0,
      source: 'p1',
      status: 'connected',
    } as unknown as AmpshareEvent);
    const text = await metrics.text();
    assert.match(text, /^ampshare_cycles_total\{trigger="telegram"\} 3$/m);
    assert.match(text, /^ampshare_events_total\{type="meter.status"\} 1$/m);
    assert.match(text, /^ampshare_cycle_duration_seconds_bucket\{le="0.0005"\} 1$/m);
    assert.match(text, /^ampshare_cycle_duration_seconds_bucket\{le="0.01"\} 2$/m);
    assert.match(text, /^ampshare_cycle_duration_seconds_bucket\{le="0.2"\} 2$/m);
    assert.match(text, /^ampshare_cycle_duration_seconds_bucket\{le="\+Inf"\} 3$/m);
    assert.match(text, /^ampshare_cycle_duration_seconds_sum 0.3074$/m);
    assert.match(text, /^ampshare_cycle_duration_seconds_count 3$/m);
    assert.match(text, /^ampshare_process_process_resident_memory_bytes \d+$/m, 'the process metrics');
    detach();
  });
});
