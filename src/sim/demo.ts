// The demo loop: each simulated second the world moves, its meter writes a real DSMR 5 telegram,
// the real decoder parses it, the allocator decides, and the simulated devices get the setpoints.
// Nothing here takes a shortcut around the decoder or the allocator.
import { allocate, type AllocationResult } from '../core/allocate.js';
import type { AllocatorInputs } from '../core/inputs.js';
import { emptyState, type AllocatorState } from '../core/state.js';
import { createP1Decoder, writeTelegram } from '../meters/dsmr/index.js';
import type { Reading } from '../model/reading.js';
import type { PhaseValues } from '../model/units.js';
import { gridInputFromReading } from '../runtime/grid-input.js';
import { DemoWorld, demoSiteConfig, type DemoPhysics } from './demo-site.js';

export interface DemoCycle {
  tS: number;
  reading: Reading;
  result: AllocationResult;
  physics: DemoPhysics;
  /** The true per-phase current at the connection (physics, not the meter), A. */
  trueCurrentA: PhaseValues;
}

export interface DemoOptions {
  seed?: number;
  /** Simulated start, default today 17:00 UTC (the evening peak). */
  startMs?: number;
}

export class Demo {
  readonly config = demoSiteConfig();
  private readonly world: DemoWorld;
  private readonly decoder = createP1Decoder();
  private state: AllocatorState = emptyState();
  private readonly startMs: number;
  private tS = 0;
  private importKWh = 0;
  private exportKWh = 0;

  constructor(options: DemoOptions = {}) {
    const today = new Date();
    this.startMs =
      options.startMs ?? Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 15);
    this.world = new DemoWorld(this.config, options.seed ?? 1, new Date(this.startMs).getUTCHours() + 1);
  }

  get counters() {
    return this.decoder.counters;
  }

  /** One simulated second through the whole pipeline. */
  step(): DemoCycle {
    const tS = this.tS++;
    const { netW, physics } = this.world.step(tS);
    const voltageV = this.config.site.voltageV;
    const trueCurrentA = netW.map((w) => w / voltageV) as PhaseValues;
    for (const w of netW) {
      if (w > 0) this.importKWh += w / 3.6e6;
      else this.exportKWh -= w / 3.6e6;
    }
    const telegram = writeTelegram({
      time: new Date(this.startMs + tS * 1000),
      energyImportKWh: { t1: 1000 + this.importKWh, t2: 2000 },
      energyExportKWh: { t1: 500 + this.exportKWh, t2: 300 },
      phases: netW.map((w) => ({ powerImportW: Math.max(0, w), powerExportW: Math.max(0, -w), voltageV })),
    });
    const reading = this.decoder
      .push(telegram)
      .flatMap((e) => (e.type === 'reading' ? [e.reading] : []))
      .at(-1);
    if (!reading) throw new Error(`demo: the decoder refused a simulated telegram at t=${tS} s`);

    const inputs: AllocatorInputs = {
      time: reading.timestamp ?? undefined,
      grid: gridInputFromReading(reading, 0),
      devices: Object.fromEntries(
        [...this.world.devices].map(([id, d]) => [id, { connected: true, measuredA: d.drawA() }]),
      ),
    };
    const result = allocate(this.config, inputs, this.state, this.startMs + tS * 1000);
    this.state = result.state;
    for (const decision of result.devices) this.world.devices.get(decision.id)?.command(decision.setpointA);
    return { tS, reading, result, physics, trueCurrentA };
  }
}
