// What a control cycle says on the event bus about what changed since the last one: fail-safe
// entered or left, a device no longer (or again) under control, a new setpoint, status or phase
// set, and each allocator warning once. The loop (loop.ts) calls report() after every cycle.
import type { AllocationResult } from '../core/allocate.js';
import type { DeviceDecision } from '../core/inputs.js';
import type { DeviceState } from '../devices/driver.js';
import type { DeviceView } from './device-input.js';
import type { EventBus } from './events.js';

export class CycleReporter {
  #failsafe = false;
  #said = new Map<string, { setpointA: number; status: string; phases: string }>();
  #uncontrolled = new Map<string, string>();
  #warned = new Set<string>();

  constructor(
    private readonly bus: EventBus,
    private readonly devices: readonly { id: string }[],
  ) {}

  /** Events for what changed: fail-safe, control of each device, setpoints, allocator warnings. */
  report(
    result: AllocationResult,
    views: readonly DeviceView[],
    states: readonly DeviceState[],
    applied: readonly number[],
    decisions: ReadonlyMap<string, DeviceDecision>,
  ): void {
    const bus = this.bus;
    if (result.summary.failsafe !== this.#failsafe) {
      this.#failsafe = result.summary.failsafe;
      if (this.#failsafe) {
        const reason = result.devices.find((d) => d.status === 'failsafe')?.reason ?? 'meter data stale';
        bus.emit({ type: 'failsafe.entered', cause: 'meter', reason });
      } else bus.emit({ type: 'failsafe.left', cause: 'meter' });
    }
    this.devices.forEach((d, i) => {
      const view = views[i]!;
      const was = this.#uncontrolled.get(d.id);
      if (view.reason !== null && view.reason !== was) {
        this.#uncontrolled.set(d.id, view.reason);
        bus.emit({
          type: 'device.unavailable',
          deviceId: d.id,
          reason: view.reason,
          heldA: states[i]!.heldA,
        });
      } else if (view.reason === null && was !== undefined) {
        this.#uncontrolled.delete(d.id);
        bus.emit({ type: 'device.available', deviceId: d.id });
      }
      const decision = decisions.get(d.id);
      if (!decision) return;
      const now = { setpointA: applied[i]!, status: decision.status, phases: decision.phases.join(',') };
      const before = this.#said.get(d.id);
      if (
        before &&
        before.setpointA === now.setpointA &&
        before.status === now.status &&
        before.phases === now.phases
      )
        return;
      this.#said.set(d.id, now);
      bus.emit({
        type: 'device.setpoint',
        deviceId: d.id,
        setpointA: now.setpointA,
        phases: decision.phases,
        status: decision.status,
        reason: view.controlled ? decision.reason : `held at its fail-safe current: ${view.reason}`,
        limitedBy: decision.limitedBy,
        previousA: before?.setpointA ?? null,
      });
    });
    for (const message of result.warnings) {
      if (this.#warned.has(message)) continue;
      this.#warned.add(message);
      bus.emit({ type: 'allocator.warning', message });
    }
  }
}
