// One run of a scenario under one policy, second by second:
//   1. breakers that have been open long enough close again; loads below an open one get no power
//   2. every load advances one second (household, appliances, machines, PV, cars, heat pump …)
//   3. their branch currents add up as phasors per circuit and line, children into parents
//   4. each breaker's thermal and magnetic release sees its line currents
//   5. the meter integrates, and writes a real telegram when the policy reads one
//   6. the policy decides and sends setpoints through the devices' drivers
//   7. the scorecard and the trace take their sample
import { runCalendar, localToUtcMs } from './calendar.js';
import { SimMeter } from './meter.js';
import { addBranch, activeA, neutralA } from './physics/phasors.js';
import { Breaker } from './physics/breaker.js';
import { createPolicy } from './policies/index.js';
import { deviceMaxA, simDrivers } from './policies/policy.js';
import type { Scenario } from './scenario/load.js';
import { KpiAccumulator, sessionTrace } from './kpis.js';
import type { PolicyName, SimRun, TripEvent } from './run-types.js';
import { TraceRecorder, traceStepS } from './trace.js';
import { buildWorld } from './world/world.js';
import { wattsPerAmp } from '../core/topology.js';
import type { OptimumResult } from './optimum/types.js';

export interface RunOptions extends Span {
  policy: Exclude<PolicyName, 'optimum'>;
  /** The optimum's result for the same scenario and days, to judge missed sessions against. */
  optimum?: OptimumResult | null;
  /** Called about every simulated hour with the seconds done and the total. */
  onProgress?: (doneS: number, totalS: number) => void;
  traceSamples?: number;
}

export interface Span {
  /** Overrides sim.days. */
  days?: number;
  /** Overrides sim.start (local "YYYY-MM-DD" or "YYYY-MM-DDTHH:00"). */
  start?: string;
}

/** The run's start (ms) and length (s). */
export function runSpan(scenario: Scenario, span: Span = {}): { startMs: number; seconds: number } {
  const startMs = localToUtcMs(span.start ?? scenario.sim.start, scenario.site.site.timezone);
  return { startMs, seconds: Math.round((span.days ?? scenario.sim.days) * 86_400) };
}

export function runScenario(scenario: Scenario, options: RunOptions): SimRun {
  const wallStart = performance.now();
  const { site, sim } = scenario;
  const { network, voltageV } = site.site;
  const { startMs, seconds } = runSpan(scenario, options);
  const cal = runCalendar(startMs, seconds, site.site.timezone);
  const world = buildWorld(scenario, cal, seconds);
  const topology = world.topology;
  const sitePhases = site.site.phases;
  const nC = topology.circuits.length;
  const parents = topology.circuits.map((c) => c.parent ?? -1);
  const breakers = topology.circuits.map(
    (c) =>
      new Breaker({
        ratedA: c.fuseA,
        curve: sim.breakers.curves[c.id] ?? sim.breakers.curve,
        tauS: sim.breakers.tauS,
        resetAfterS: sim.breakers.resetAfterS,
        poles: sitePhases,
      }),
  );
  const powered = new Array<boolean>(nC).fill(true);
  let anyOpen = false;
  const re = new Float64Array(nC * 3);
  const im = new Float64Array(nC * 3);
  const lineA = new Float64Array(nC * 3);
  const mainActiveA = new Float64Array(3);
  const vStar = network === 'it' ? voltageV / Math.sqrt(3) : voltageV;
  const neutral = network === 'tn' && sitePhases === 3;
  const trips: TripEvent[] = [];

  const meter = new SimMeter({ dialect: sim.meter.dialect, network, voltageV, phases: sitePhases, cal });
  let nowS = 0;
  const drivers = simDrivers(scenario, world, () => startMs + nowS * 1000);
  const subMeterA = (c: number): number[] =>
    Array.from({ length: sitePhases }, (_, p) => Math.sign(activeA(re, im, c * 3, p)) * lineA[c * 3 + p]!);
  const policy = createPolicy(options.policy, { scenario, world, drivers, startMs, subMeterA });
  const endpoints = site.devices.map((d) => world.endpoint(d.id)!);
  const lastOn = new Uint8Array(endpoints.length);
  const kpis = new KpiAccumulator(cal, sim.prices, seconds);
  const trace = new TraceRecorder(
    traceStepS(seconds, options.traceSamples),
    seconds,
    topology.circuits.map((c) => ({ id: c.id, fuseA: c.fuseA })),
    sitePhases,
    neutral,
    site.devices.map((d) => ({
      id: d.id,
      kind: d.kind,
      maxA: deviceMaxA(d, wattsPerAmp(network, voltageV, d.phases.length)),
    })),
    world.pv !== null,
  );
  const quarterTargetW = site.site.peak ? new Float32Array(kpis.quarterW.length) : null;
  const loads = world.loads;
  const every = policy.telegramEveryS;

  for (let tS = 0; tS < seconds; tS++) {
    nowS = tS;
    if (anyOpen) {
      anyOpen = false;
      for (let c = 0; c < nC; c++) {
        const b = breakers[c]!;
        if (!b.closed && tS >= b.openUntilS) b.openUntilS = -1;
        const parentPowered = c === 0 || powered[parents[c]!]!;
        powered[c] = b.closed && parentPowered;
        if (!b.closed) anyOpen = true;
      }
      if (powered.some((p) => !p)) kpis.outageSeconds++;
    }
    re.fill(0);
    im.fill(0);
    for (let l = 0; l < loads.length; l++) {
      const load = loads[l]!;
      load.step(tS, powered[load.circuit]!);
      const at = load.circuit * 3;
      for (let b = 0; b < load.branches.length; b++) {
        addBranch(re, im, at, load.branches[b]!, load.currentA[b]!, load.cosPhi);
      }
    }
    for (let c = nC - 1; c > 0; c--) {
      const to = parents[c]! * 3;
      for (let p = 0; p < 3; p++) {
        re[to + p]! += re[c * 3 + p]!;
        im[to + p]! += im[c * 3 + p]!;
      }
    }
    let over = false;
    for (let c = 0; c < nC; c++) {
      const fuseA = topology.circuits[c]!.fuseA;
      for (let p = 0; p < sitePhases; p++) {
        const x = re[c * 3 + p]!;
        const y = im[c * 3 + p]!;
        // Not Math.hypot: ten times the cost (overflow-safe scaling amps never need).
        const a = Math.sqrt(x * x + y * y);
        lineA[c * 3 + p] = a;
        if (a > fuseA) over = true;
        if (a > kpis.maxPhaseCurrentA) kpis.maxPhaseCurrentA = a;
      }
      const b = breakers[c]!;
      if (!b.closed) continue;
      const trip = b.step(tS, lineA, c * 3);
      if (trip) {
        kpis.trips++;
        anyOpen = true;
        trips.push({
          atS: tS,
          circuit: topology.circuits[c]!.id,
          phase: trip.pole,
          kind: trip.kind,
          currentA: Math.round(lineA[c * 3 + trip.pole]! * 10) / 10,
        });
      }
    }
    if (over) kpis.overloadSeconds++;

    let netW = 0;
    for (let p = 0; p < sitePhases; p++) {
      mainActiveA[p] = activeA(re, im, 0, p);
      netW += vStar * mainActiveA[p]!;
    }
    world.grid.netW = netW;
    const pvW = world.pv ? -world.pv.powerW : 0;
    meter.integrate(tS, netW);
    kpis.second(tS, netW, pvW);

    const telegram = every > 0 && tS % every === 0 ? meter.telegram(tS, mainActiveA, lineA, netW) : null;
    policy.cycle(tS, telegram);

    const i = trace.at(tS);
    for (let d = 0; d < endpoints.length; d++) {
      const e = endpoints[d]!;
      const on = e.commandedA > 0 && e.vehicleConnected() !== false ? 1 : 0;
      if (on !== lastOn[d] && e.vehicleConnected() !== false) kpis.startStops++;
      lastOn[d] = on;
      const m = e.measuredA();
      trace.device(i, d, e.commandedA, Math.max(m[0], m[1], m[2]));
    }
    for (let c = 0; c < nC; c++) {
      trace.circuit(i, c, lineA, c * 3, neutral ? neutralA(re, im, c * 3) : 0, breakers[c]!.heatShare());
    }
    trace.grid(i, netW, pvW);
    if (quarterTargetW && policy.targetW !== null) {
      const q = Math.floor((tS + cal.offsetS) / 900) - Math.floor(cal.offsetS / 900);
      quarterTargetW[q] = policy.targetW;
    }
    if (options.onProgress && tS % 3600 === 3599) options.onProgress(tS + 1, seconds);
  }
  trace.finish();

  for (const c of world.chargers) c.finish();
  const optimum = options.optimum ?? null;
  const sessionIndex = new Map(world.sessions.map((s, i) => [s, i]));
  const sessions = world.chargers
    .flatMap((c) => c.outcomes.map((o) => ({ o, c })))
    .map(({ o, c }) => {
      const k = sessionIndex.get(o.session) ?? -1;
      return sessionTrace(o, c.maxPowerW, optimum?.sessionKWh[k] ?? null);
    })
    .sort((a, b) => a.arrivalS - b.arrivalS);
  const kpiCore = kpis.finish(
    scenario.name,
    options.policy,
    seconds,
    sessions,
    world.pv !== null,
    optimum ? 'optimum' : 'feasibility-bound',
  );
  return {
    kpis: {
      ...kpiCore,
      telegrams: policy.telegrams,
      telegramErrors: policy.telegramErrors,
      wallMs: Math.round(performance.now() - wallStart),
    },
    scenario: {
      name: scenario.name,
      file: scenario.file,
      startIso: new Date(startMs).toISOString(),
      days: seconds / 86_400,
      seed: sim.seed,
    },
    site,
    startMs,
    stepS: trace.stepS,
    samples: trace.samples,
    circuits: trace.circuits,
    devices: trace.devices,
    pvW: trace.pvW,
    gridW: trace.gridW,
    quarters: { startMs, averageW: kpis.quarterW, targetW: quarterTargetW },
    sessions,
    trips,
    optimum,
  };
}
