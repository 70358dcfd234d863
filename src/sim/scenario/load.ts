// Loads a scenario: the schema first (every problem located by file, line and key, like the site
// configuration), then the site's own checks (the same loader ampshare runs with), then what ties
// the world to the site: circuits, devices and phases that exist and fit.
import { ConfigError, YamlSource, type ConfigProblem } from '../../config/yaml.js';
import { checkSiteConfig, ROOT_CIRCUIT } from '../../site/load.js';
import type { DeviceConfig, SiteConfig } from '../../site/schema.js';
import { scenarioSchema, type SimSettings } from './schema.js';

export interface Scenario {
  /** sim.name. */
  name: string;
  file: string | null;
  site: SiteConfig;
  sim: SimSettings;
}

export function loadScenario(file: string): Scenario {
  return checkScenario(YamlSource.fromFile(file), file);
}

export function parseScenario(text: string, file = '<inline>'): Scenario {
  return checkScenario(YamlSource.fromText(file, text), null);
}

function checkScenario(source: YamlSource, file: string | null): Scenario {
  const whole = source.validate(scenarioSchema);
  const problems = worldProblems(whole, whole.sim, source);
  // The site part is checked by the site loader itself, on the same document without `sim`, so
  // that its problems keep their lines.
  source.doc.delete('sim');
  let site: SiteConfig | null = null;
  try {
    site = checkSiteConfig(source);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.unshift(...err.problems);
  }
  if (problems.length > 0 || site === null) throw new ConfigError(problems);
  return { name: whole.sim.name, file, site, sim: whole.sim };
}

type Path = (string | number)[];

function worldProblems(site: SiteConfig, sim: SimSettings, source: YamlSource): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const bad = (path: Path, message: string) => problems.push(source.problem(['sim', ...path], message));
  const circuits = new Set([ROOT_CIRCUIT, ...site.circuits.map((c) => c.id)]);
  const devices = new Map(site.devices.map((d) => [d.id, d]));
  const { network, phases: sitePhases } = site.site;

  const checkCircuit = (path: Path, circuit: string) => {
    if (!circuits.has(circuit)) bad(path, `unknown circuit "${circuit}"`);
  };
  const checkPhases = (path: Path, phases: readonly string[], what: string) => {
    if (new Set(phases).size !== phases.length) bad(path, 'a phase is listed twice');
    if (sitePhases === 1 && phases.some((p) => p !== 'L1')) bad(path, 'a 1-phase site has only L1');
    if (network === 'it' && phases.length === 1) {
      bad(path, `on an it network ${what} sits between two lines: list both`);
    }
  };
  const modelled = new Map<string, Path>();
  const checkDevice = (path: Path, deviceId: string, kinds: DeviceConfig['kind'][]): DeviceConfig | null => {
    const d = devices.get(deviceId);
    if (!d) {
      bad(path, `unknown device "${deviceId}"`);
      return null;
    }
    if (!kinds.includes(d.kind))
      bad(path, `device "${deviceId}" is a ${d.kind}, expected ${kinds.join(' or ')}`);
    const earlier = modelled.get(deviceId);
    if (earlier) bad(path, `device "${deviceId}" already has a model at sim.${earlier.join('.')}`);
    modelled.set(deviceId, path);
    return d;
  };

  if (sim.baseLoad) {
    const b = sim.baseLoad;
    checkCircuit(['baseLoad', 'circuit'], b.circuit);
    if (b.phases) checkPhases(['baseLoad', 'phases'], b.phases, 'a share');
    const n = b.phases?.length ?? sitePhases;
    if (b.shares && b.shares.length !== n) bad(['baseLoad', 'shares'], `${n} shares expected, one per phase`);
  }
  sim.appliances.forEach((a, i) => {
    checkCircuit(['appliances', i, 'circuit'], a.circuit);
    checkPhases(['appliances', i, 'phases'], a.phases, 'a 1-phase appliance');
  });
  sim.machines.forEach((m, i) => {
    checkCircuit(['machines', i, 'circuit'], m.circuit);
    checkPhases(['machines', i, 'phases'], m.phases, 'a 1-phase machine');
  });
  if (sim.pv) {
    checkCircuit(['pv', 'circuit'], sim.pv.circuit);
    checkPhases(['pv', 'phases'], sim.pv.phases, 'a 1-phase inverter');
  }
  sim.evs.forEach((ev, i) => {
    const d = checkDevice(['evs', i, 'charger'], ev.charger, ['charger']);
    if (d && network === 'tn' && ev.car.phases > d.phases.length) {
      bad(
        ['evs', i, 'car', 'phases'],
        `the car has ${ev.car.phases} phases, charger "${d.id}" only ${d.phases.length}`,
      );
    }
    if (ev.responseDelayS[0] > ev.responseDelayS[1])
      bad(['evs', i, 'responseDelayS'], 'the range is [low, high]');
  });
  sim.heatPumps.forEach((h, i) => checkDevice(['heatPumps', i, 'device'], h.device, ['stepped', 'switch']));
  sim.boilers.forEach((b, i) => checkDevice(['boilers', i, 'device'], b.device, ['stepped', 'switch']));
  sim.batteries.forEach((b, i) => checkDevice(['batteries', i, 'device'], b.device, ['battery']));
  site.devices.forEach((d, i) => {
    if (!modelled.has(d.id)) {
      problems.push(
        source.problem(
          ['devices', i, 'id'],
          `device "${d.id}" has no model in sim (evs, heatPumps, boilers or batteries)`,
        ),
      );
    }
  });
  for (const circuit of Object.keys(sim.breakers.curves)) {
    checkCircuit(['breakers', 'curves', circuit], circuit);
  }
  return problems;
}
