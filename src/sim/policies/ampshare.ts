// The `ampshare` policy: the real thing. Each second the meter's telegram goes into the real P1
// decoder; the Reading becomes the allocator's grid input as the runtime makes it; the drivers'
// states become the device inputs; allocate() decides; the setpoints go out through the drivers.
import { allocate } from '../../core/allocate.js';
import type { AllocatorInputs, DeviceInput } from '../../core/inputs.js';
import { emptyState, type AllocatorState } from '../../core/state.js';
import type { DeviceDriver } from '../../devices/driver.js';
import { createP1Decoder, type P1Decoder } from '../../meters/dsmr/index.js';
import { phaseIndex } from '../../model/units.js';
import type { Reading } from '../../model/reading.js';
import { gridInputFromReading } from '../../runtime/grid-input.js';
import type { DeviceConfig } from '../../site/schema.js';
import type { Topology } from '../../core/topology.js';
import type { Policy, PolicyContext } from './policy.js';

export class AmpsharePolicy implements Policy {
  readonly telegramEveryS = 1;
  targetW: number | null = null;
  telegrams = 0;
  telegramErrors = 0;
  private readonly decoder: P1Decoder = createP1Decoder();
  private state: AllocatorState = emptyState();
  private reading: Reading | null = null;
  private readingAtS = 0;
  private readonly topology: Topology;
  private readonly devices: {
    config: DeviceConfig;
    driver: DeviceDriver;
    phases: number[];
    input: DeviceInput;
    /** Its measuredA input, refilled each cycle (allocate() keeps nothing of its inputs). */
    measuredA: number[];
  }[];
  private readonly inputs: AllocatorInputs;
  private readonly metered: { id: string; index: number }[];

  constructor(private readonly ctx: PolicyContext) {
    this.topology = ctx.world.topology;
    this.devices = ctx.scenario.site.devices.map((config, i) => ({
      config,
      driver: ctx.drivers[i]!,
      phases: config.phases.map(phaseIndex),
      input: {},
      measuredA: config.phases.map(() => 0),
    }));
    this.inputs = {
      grid: { netCurrentA: null },
      devices: Object.fromEntries(this.devices.map((d) => [d.config.id, d.input])),
    };
    this.metered = this.topology.circuits
      .map((c, index) => ({ id: c.id, index, metered: c.metered && index > 0 }))
      .filter((c) => c.metered);
    if (this.metered.length > 0) this.inputs.circuits = {};
  }

  cycle(tS: number, telegram: Buffer | null): void {
    if (telegram) {
      for (const event of this.decoder.push(telegram)) {
        if (event.type === 'reading') {
          this.reading = event.reading;
          this.readingAtS = tS;
          this.telegrams++;
        } else this.telegramErrors++;
      }
    }
    const nowMs = this.ctx.startMs + tS * 1000;
    const reading = this.reading;
    this.inputs.time = reading?.timestamp ?? undefined;
    this.inputs.grid = reading ? gridInputFromReading(reading, tS - this.readingAtS) : { netCurrentA: null };
    for (const d of this.devices) {
      const state = d.driver.state();
      const measured = state.measuredA;
      d.input.connected = d.config.kind === 'charger' ? state.vehicleConnected === true : true;
      if (measured) {
        for (let k = 0; k < d.phases.length; k++) d.measuredA[k] = measured[d.phases[k]!]!;
        d.input.measuredA = d.measuredA;
      } else d.input.measuredA = undefined;
      // Not `delete`: that would turn the input into a dictionary-mode object for good.
      d.input.energyKWh = state.energyKWh ?? undefined;
    }
    for (const c of this.metered) this.inputs.circuits![c.id] = { netCurrentA: this.ctx.subMeterA(c.index) };
    const result = allocate(this.topology, this.inputs, this.state, nowMs);
    this.state = result.state;
    this.targetW = result.summary.quarterHour?.targetW ?? null;
    result.devices.forEach((decision, i) => {
      const d = this.devices[i]!;
      const phases = decision.phases.length === 1 && d.phases.length === 3 ? 1 : 3;
      d.driver.apply({ currentA: decision.setpointA, phases });
    });
  }
}
