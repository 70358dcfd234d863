// The `slow-loop` baseline, as evcc documents its load management: a control period of 30 s; each
// period it reads the meter (a real telegram through the real decoder), works out the headroom on
// the main fuse and on each circuit (the sum of its chargers' measured currents), and adjusts one
// charger — first come, first served: when over, the charger that came last gives up what is
// over (pausing under its minimum); when there is room, the first-come charger that can take more
// gets it. Devices other than chargers run at their maximum.
import { wattsPerAmp } from '../../core/topology.js';
import { createP1Decoder } from '../../meters/dsmr/index.js';
import type { ChargerLoad } from '../world/ev.js';
import type { Policy, PolicyContext } from './policy.js';
import { deviceMaxA } from './policy.js';

export const SLOW_LOOP_PERIOD_S = 30;

export class SlowLoopPolicy implements Policy {
  readonly telegramEveryS = SLOW_LOOP_PERIOD_S;
  readonly targetW = null;
  telegrams = 0;
  telegramErrors = 0;
  private readonly decoder = createP1Decoder();
  private readonly setA: number[];
  private started = false;

  constructor(private readonly ctx: PolicyContext) {
    this.setA = ctx.scenario.site.devices.map(() => 0);
  }

  cycle(_tS: number, telegram: Buffer | null): void {
    const { site } = this.ctx.scenario;
    const topology = this.ctx.world.topology;
    if (!this.started) {
      site.devices.forEach((d, i) => {
        if (d.kind === 'charger') return;
        this.setA[i] = deviceMaxA(d, wattsPerAmp(site.site.network, site.site.voltageV, d.phases.length));
        this.ctx.drivers[i]!.apply({ currentA: this.setA[i]!, phases: 3 });
      });
      this.started = true;
    }
    if (!telegram) return;
    let mainA: number[] | null = null;
    for (const e of this.decoder.push(telegram)) {
      if (e.type === 'error') {
        this.telegramErrors++;
        continue;
      }
      this.telegrams++;
      const currents = e.reading.phases.map((p) => p.netCurrentA ?? 0);
      mainA = [currents[0] ?? 0, currents[1] ?? 0, currents[2] ?? 0];
    }
    if (!mainA) return;

    // Current per circuit and phase: main from the meter, others from their chargers' measurements.
    const n = topology.circuits.length;
    const usedA = new Float64Array(n * 3);
    for (let p = 0; p < 3; p++) usedA[p] = mainA[p]!;
    const chargers: { index: number; load: ChargerLoad }[] = [];
    topology.devices.forEach((d, i) => {
      const measured = this.ctx.drivers[i]!.state().measuredA ?? [0, 0, 0];
      for (const c of topology.circuits[d.circuit]!.path) {
        if (c === 0) continue;
        for (let p = 0; p < 3; p++) usedA[c * 3 + p]! += measured[p]!;
      }
      const load = this.ctx.world.chargers.find((x) => x.deviceId === d.id);
      if (load?.current) chargers.push({ index: i, load });
    });
    const headroomA = (i: number): number => {
      const d = topology.devices[i]!;
      let room = Infinity;
      for (const c of topology.circuits[d.circuit]!.path) {
        const circuit = topology.circuits[c]!;
        for (const p of d.wiring.sitePhases) {
          room = Math.min(room, circuit.fuseA - circuit.marginA - usedA[c * 3 + p]!);
        }
      }
      return room;
    };
    chargers.sort((a, b) => a.load.current!.arrivalS - b.load.current!.arrivalS);

    const over = chargers.filter((c) => this.setA[c.index]! > 0 && headroomA(c.index) < 0);
    const last = over[over.length - 1];
    if (last) {
      this.adjust(last.index, this.setA[last.index]! + headroomA(last.index));
      return;
    }
    for (const c of chargers) {
      const d = topology.devices[c.index]!.config;
      if (d.kind !== 'charger' || this.setA[c.index]! >= d.maxA) continue;
      if ((c.load.energyKWh() ?? 0) >= c.load.current!.energyKWh) continue;
      const room = headroomA(c.index);
      if (room < 0.5) continue;
      const next = Math.min(d.maxA, this.setA[c.index]! + room);
      if (next < d.minA) continue;
      this.adjust(c.index, next);
      return;
    }
  }

  private adjust(index: number, currentA: number): void {
    const d = this.ctx.scenario.site.devices[index]!;
    const minA = d.kind === 'charger' ? d.minA : 0;
    const a = Math.floor(currentA);
    this.setA[index] = a < minA ? 0 : a;
    this.ctx.drivers[index]!.apply({ currentA: this.setA[index]!, phases: 3 });
  }
}
