// Conditions the control loop announces beyond setpoints: an overload the allocator has just cut,
// and a new monthly quarter-hour peak. Small and pure, so each rule is a table test.
import type { CircuitStatus } from '../core/inputs.js';
import type { AllocatorState } from '../core/state.js';
import { PHASES } from '../model/units.js';
import type { EventOf } from './events.js';

/**
 * A measured current above a circuit's limit itself (not just into its margin): the allocator has
 * cut the devices under it in the same cycle; said once when it starts on a circuit and phase,
 * naming who was reduced since the cycle before.
 */
export class OverloadWatch {
  #lastApplied = new Map<string, number>();
  #over = new Set<string>();

  check(
    circuits: readonly CircuitStatus[],
    deviceIds: readonly string[],
    appliedA: readonly number[],
  ): EventOf<'overload.cut'>[] {
    const events: EventOf<'overload.cut'>[] = [];
    const over = new Set<string>();
    for (const circuit of circuits) {
      circuit.measuredA?.forEach((measuredA, p) => {
        if (measuredA <= circuit.limitA) return;
        const key = `${circuit.id} ${PHASES[p]}`;
        over.add(key);
        if (this.#over.has(key)) return;
        const devices = deviceIds.flatMap((deviceId, i) => {
          const fromA = this.#lastApplied.get(deviceId);
          const toA = appliedA[i]!;
          return fromA !== undefined && toA < fromA ? [{ deviceId, fromA, toA }] : [];
        });
        const who = devices.map((c) => `${c.deviceId} reduced from ${c.fromA} A to ${c.toA} A`).join(', ');
        events.push({
          type: 'overload.cut',
          circuit: circuit.id,
          phase: PHASES[p]!,
          measuredA,
          limitA: circuit.limitA,
          devices,
          message:
            `High consumption detected on ${key}: ${measuredA.toFixed(1)} A over the ${circuit.limitA} A limit; ` +
            (devices.length > 0 ? who : 'no controllable device left to reduce'),
        });
      });
    }
    this.#over = over;
    deviceIds.forEach((id, i) => this.#lastApplied.set(id, appliedA[i]!));
    return events;
  }
}

/**
 * A quarter hour closed above the month's highest so far. Only a rise over a peak this run has
 * seen is news: after a restart the first quarter is not announced (the month's history is the
 * meter's, or unknown), nor is a month's first quarter.
 */
export function monthPeakEvent(
  before: AllocatorState,
  after: AllocatorState,
): EventOf<'peak.monthly'> | null {
  const was = before.month;
  const now = after.month;
  if (!was || !now || was.key !== now.key || was.peakW <= 0 || now.peakW <= was.peakW) return null;
  const kW = (w: number): string => (w / 1000).toFixed(2);
  return {
    type: 'peak.monthly',
    month: now.key,
    peakW: now.peakW,
    previousW: was.peakW,
    message: `new highest quarter hour of ${now.key}: ${kW(now.peakW)} kW (was ${kW(was.peakW)} kW)`,
  };
}
