// The optimum's input (src/sim/optimum/types.ts) from a scenario: the same world, run once without
// any controller to record what nobody can shift — the household, appliances, machines, and the
// heat pump and boiler at what their thermostats want — averaged per step and per site phase,
// plus PV, the cars' sessions and the prices. The home battery is left out (the program has no
// battery model). The cars draw at most their onboard maximum times their draw share, and what
// they are offered (drawn ÷ draw share) counts against the limits, as for any controller (contract
// 2, rule 1). Sub-circuits get their own uncontrolled load (circuitBaseW), so the program holds
// their fuses too; the reactive current of motors and heat pumps (reactiveA) takes its share of a
// fuse, which carries the magnitude, not P/V. A car that never wakes once asleep, forced to pause
// longer than it stays awake, ends its session there for the program too (forced-sleep.ts).
import { runCalendar } from './calendar.js';
import { runSpan, type Span } from './engine.js';
import type { OptimumInput, OptimumSession } from './optimum/types.js';
import { activeA, addBranch, STAR_IM, STAR_RE } from './physics/phasors.js';
import { ForcedSleep } from './forced-sleep.js';
import { deviceMaxA } from './policies/policy.js';
import type { Scenario } from './scenario/load.js';
import { phaseIxs } from './world/load.js';
import { buildWorld } from './world/world.js';
import { wattsPerAmp } from '../core/topology.js';

export interface OptimumInputOptions extends Span {
  /** Seconds per step; default 300 up to two days, else 900. */
  stepS?: number;
}

export function optimumInput(scenario: Scenario, options: OptimumInputOptions = {}): OptimumInput {
  const { site, sim } = scenario;
  const { network, voltageV, phases: sitePhases } = site.site;
  const { startMs, seconds } = runSpan(scenario, options);
  const stepS = options.stepS ?? (seconds <= 2 * 86_400 ? 300 : 900);
  const steps = Math.ceil(seconds / stepS);
  const cal = runCalendar(startMs, seconds, site.site.timezone);
  const world = buildWorld(scenario, cal, seconds);
  // Thermostats run free: the most their device may draw.
  for (const f of world.flexible) {
    const d = site.devices.find((x) => x.id === f.deviceId)!;
    f.command(deviceMaxA(d, wattsPerAmp(network, voltageV, d.phases.length)));
  }
  const fixed = world.loads.filter((l) => l.role === 'fixed' || l.role === 'flexible');
  const vStar = network === 'it' ? voltageV / Math.sqrt(3) : voltageV;
  const circuits = world.topology.circuits;
  const nC = circuits.length;
  // Per circuit (its whole subtree) and site phase: [circuit][phase][step], W.
  const flowW = circuits.map(() => Array.from({ length: sitePhases }, () => new Float64Array(steps)));
  // The same, reactive current (A, lagging positive): motors and heat pumps run below power factor 1.
  const reactiveA = circuits.map(() => Array.from({ length: sitePhases }, () => new Float64Array(steps)));
  const sessions: OptimumSession[] = world.sessions.map((s) => {
    const ev = sim.evs.find((e) => e.charger === s.deviceId)!;
    const charger = site.devices.find((d) => d.id === s.deviceId)!;
    const chargerPhases = phaseIxs(charger.phases);
    const carPhases =
      network === 'it'
        ? ev.car.phases === 3 && chargerPhases.length === 3
          ? chargerPhases
          : chargerPhases.slice(0, 2)
        : chargerPhases.slice(0, Math.min(ev.car.phases, chargerPhases.length));
    const chargerMaxA = charger.kind === 'charger' ? charger.maxA : ev.car.maxA;
    return {
      deviceId: s.deviceId,
      arrivalS: s.arrivalS,
      departureS: s.departureS,
      energyKWh: s.energyKWh,
      maxA: Math.min(ev.car.maxA, chargerMaxA) * ev.drawShare,
      sitePhases: carPhases,
      drawShare: ev.drawShare,
    };
  });
  // Cars that would be lost to a pause no controller can avoid (forced-sleep.ts).
  const forced = new ForcedSleep(
    scenario,
    world.topology,
    world.sessions.map((session, i) => ({ session, sitePhases: sessions[i]!.sitePhases })),
    startMs,
  );
  const pvW = new Float64Array(steps);
  const re = new Float64Array(nC * 3);
  const im = new Float64Array(nC * 3);
  for (let tS = 0; tS < seconds; tS++) {
    re.fill(0);
    im.fill(0);
    for (const load of fixed) {
      load.step(tS, true);
      for (let b = 0; b < load.branches.length; b++) {
        addBranch(re, im, load.circuit * 3, load.branches[b]!, load.currentA[b]!, load.cosPhi);
      }
    }
    for (let c = nC - 1; c > 0; c--) {
      const to = circuits[c]!.parent! * 3;
      for (let p = 0; p < 3; p++) {
        re[to + p]! += re[c * 3 + p]!;
        im[to + p]! += im[c * 3 + p]!;
      }
    }
    const k = Math.floor(tS / stepS);
    for (let c = 0; c < nC; c++) {
      for (let p = 0; p < sitePhases; p++) {
        flowW[c]![p]![k]! += vStar * activeA(re, im, c * 3, p);
        reactiveA[c]![p]![k]! += lagA(re, im, c * 3, p);
      }
    }
    if (world.pv) {
      world.pv.step(tS, true);
      pvW[k]! -= world.pv.powerW;
    }
    if (forced.active) {
      const pv = world.pv;
      if (pv) {
        for (let c: number | null = pv.circuit; c !== null; c = circuits[c]!.parent) {
          for (let b = 0; b < pv.branches.length; b++)
            addBranch(re, im, c * 3, pv.branches[b]!, pv.currentA[b]!, pv.cosPhi);
        }
      }
      forced.second(tS, re, im);
    }
  }
  const lostAtS = forced.lostAtS(sessions.length);
  sessions.forEach((s, i) => {
    const at = lostAtS[i];
    if (at !== null && at !== undefined && at < s.departureS) s.departureS = Math.max(s.arrivalS, at);
  });
  for (let k = 0; k < steps; k++) {
    const n = Math.min(stepS, seconds - k * stepS);
    for (const circuit of flowW) for (const series of circuit) series[k]! /= n;
    for (const circuit of reactiveA) for (const series of circuit) series[k]! /= n;
    pvW[k]! /= n;
  }
  const baseW = flowW[0]!;
  const circuitBaseW: Record<string, Float64Array[]> = {};
  circuits.forEach((c, i) => {
    if (i > 0) circuitBaseW[c.id] = flowW[i]!;
  });

  const price = sim.prices.importEURPerKWh;
  const importPriceEURPerKWh = new Float64Array(steps);
  for (let k = 0; k < steps; k++) {
    if (typeof price === 'number') importPriceEURPerKWh[k] = price;
    else {
      const h = Math.min(cal.hours - 1, Math.floor((k * stepS + cal.offsetS) / 3600));
      importPriceEURPerKWh[k] = price[cal.localHour[h]!]!;
    }
  }

  return {
    site,
    stepS,
    steps,
    baseW,
    pvW,
    // Without PV the series is zero; the program still wants phases to spread it over.
    pvPhases: sim.pv ? phaseIxs(sim.pv.phases) : sitePhases === 3 ? [0, 1, 2] : [0],
    sessions,
    importPriceEURPerKWh,
    exportPriceEURPerKWh: sim.prices.exportEURPerKWh,
    capacityTariffEURPerKWYear: sim.prices.capacityEURPerKWYear,
    capacityMinimumKW: sim.prices.capacityMinimumKW,
    startMs,
    circuitBaseW,
    reactiveA: Object.fromEntries(circuits.map((c, i) => [c.id, reactiveA[i]!])),
  };
}

/** The reactive component of line p's current, lagging its star voltage positive, A. */
function lagA(re: Float64Array, im: Float64Array, at: number, p: number): number {
  // The star voltage turned by −90° is (STAR_IM, −STAR_RE): a current lagging by 90° points there.
  return re[at + p]! * STAR_IM[p as 0]! - im[at + p]! * STAR_RE[p as 0]!;
}
