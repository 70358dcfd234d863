// Cars the optimum cannot keep awake. A car that, once asleep, does not wake up again (world/ev.ts
// neverWakes: drawn per session, whatever a controller does) is lost for the rest of its session
// when it has to pause longer than its sleepAfterS. When that pause is forced — for that long the
// uncontrolled load alone, with every charger off, leaves less on one of its lines than the car
// draws at the charger's minimum — no controller can avoid it, and the perfect-foresight bound
// must not count energy after it: the car's session ends there for the optimum too.
//
// The test is as permissive as the physics allows, so that the optimum stays a bound: the car's
// current in phase with the voltage (power factor 1), the room on a tn line √(limit² − reactive²) −
// active (on it, limit − active), the limit = fuse (or schedule) − margin, PV included.
import { mainLimit } from '../core/schedule.js';
import type { Topology } from '../core/topology.js';
import { activeA, STAR_IM, STAR_RE } from './physics/phasors.js';
import type { Scenario } from './scenario/load.js';
import { neverWakes } from './world/ev.js';
import type { EvSession } from './world/sessions.js';

interface Watch {
  index: number;
  session: EvSession;
  /** Circuit index and site phase of every line the car draws on. */
  lines: { circuit: number; phase: number }[];
  /** What the car draws at the charger's minimum, A. */
  minDrawA: number;
  sleepAfterS: number;
  /** Start of the current forced pause, or null. */
  forcedFromS: number | null;
  /** The instant the car falls asleep for good, once known. */
  lostAtS: number | null;
}

export class ForcedSleep {
  private readonly watches: Watch[] = [];
  private readonly network: 'tn' | 'it';

  constructor(
    private readonly scenario: Scenario,
    private readonly topology: Topology,
    sessions: { session: EvSession; sitePhases: number[] }[],
    private readonly startMs: number,
  ) {
    const { site, sim } = scenario;
    this.network = site.site.network;
    sessions.forEach(({ session, sitePhases }, index) => {
      const ev = sim.evs.find((e) => e.charger === session.deviceId);
      const charger = site.devices.find((d) => d.id === session.deviceId);
      if (!ev || !charger || charger.kind !== 'charger') return;
      if (!neverWakes(sim.seed, session, startMs / 1000, ev)) return;
      const circuit = topology.circuitIndex(charger.circuit);
      const lines = topology.circuits[circuit]!.path.flatMap((c) =>
        sitePhases.map((phase) => ({ circuit: c, phase })),
      );
      this.watches.push({
        index,
        session,
        lines,
        minDrawA: charger.minA * ev.drawShare,
        sleepAfterS: ev.sleepAfterS,
        forcedFromS: null,
        lostAtS: null,
      });
    });
  }

  /** Whether any session needs watching (else the caller may skip second()). */
  get active(): boolean {
    return this.watches.length > 0;
  }

  /** One second: the uncontrolled load's phasors per circuit (subtrees summed) and line, PV included. */
  second(tS: number, re: Float64Array, im: Float64Array): void {
    let mainA: number | null = null;
    for (const w of this.watches) {
      const s = w.session;
      if (w.lostAtS !== null || tS < s.arrivalS || tS >= s.departureS) continue;
      mainA ??= mainLimit(this.scenario.site.site, this.startMs + tS * 1000).limitA;
      const forced = w.lines.some(({ circuit, phase }) => {
        const c = this.topology.circuits[circuit]!;
        const limitA = (circuit === 0 ? mainA! : c.fuseA) - c.marginA;
        return this.roomA(re, im, circuit * 3, phase, limitA) < w.minDrawA;
      });
      if (!forced) w.forcedFromS = null;
      else {
        w.forcedFromS ??= tS;
        // The car sees the offer responseDelayS late and sleeps after sleepAfterS paused seconds.
        if (tS - w.forcedFromS + 1 >= w.sleepAfterS)
          w.lostAtS = w.forcedFromS + s.responseDelayS + w.sleepAfterS;
      }
    }
  }

  /** Per session (in the order given): where the optimum must end it, or null. */
  lostAtS(count: number): (number | null)[] {
    const out = new Array<number | null>(count).fill(null);
    for (const w of this.watches) out[w.index] = w.lostAtS;
    return out;
  }

  private roomA(re: Float64Array, im: Float64Array, at: number, p: number, limitA: number): number {
    const active = activeA(re, im, at, p);
    if (this.network === 'it') return limitA - active;
    const reactive = re[at + p]! * STAR_IM[p as 0]! - im[at + p]! * STAR_RE[p as 0]!;
    return Math.sqrt(Math.max(0, limitA * limitA - reactive * reactive)) - active;
  }
}
