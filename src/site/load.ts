// Loads and checks a site configuration: the schema first, then what a schema cannot say
// (ids unique, parents exist and form a tree, phases fit the site). Every problem is located.
import { ConfigError, YamlSource, type ConfigProblem } from '../config/yaml.js';
import { siteConfigSchema, type SiteConfig } from './schema.js';

export const ROOT_CIRCUIT = 'main';

export function loadSiteConfig(file: string): SiteConfig {
  return checkSiteConfig(YamlSource.fromFile(file));
}

export function parseSiteConfig(text: string, file = '<inline>'): SiteConfig {
  return checkSiteConfig(YamlSource.fromText(file, text));
}

export function checkSiteConfig(source: YamlSource): SiteConfig {
  const config = source.validate(siteConfigSchema);
  const problems = semanticProblems(config, source);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function semanticProblems(config: SiteConfig, source: YamlSource): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const bad = (path: (string | number)[], message: string) => problems.push(source.problem(path, message));
  const { site } = config;

  const circuitIds = new Set<string>([ROOT_CIRCUIT]);
  config.circuits.forEach((c, i) => {
    if (circuitIds.has(c.id)) bad(['circuits', i, 'id'], `duplicate circuit id "${c.id}"`);
    circuitIds.add(c.id);
  });
  const parentOf = new Map(config.circuits.map((c) => [c.id, c.parent]));
  config.circuits.forEach((c, i) => {
    if (!circuitIds.has(c.parent)) {
      bad(['circuits', i, 'parent'], `unknown parent circuit "${c.parent}"`);
      return;
    }
    // Walk up: a chain that never reaches main is a cycle.
    const chain = [c.id];
    for (let p: string | undefined = c.parent; p !== undefined && p !== ROOT_CIRCUIT; p = parentOf.get(p)) {
      chain.push(p);
      if (p === c.id) {
        bad(['circuits', i, 'parent'], `circuit "${c.id}" is its own ancestor (${chain.join(' → ')})`);
        return;
      }
      if (chain.length > parentOf.size + 1) return; // a cycle above this circuit, reported there
    }
  });

  const deviceIds = new Set<string>();
  config.devices.forEach((d, i) => {
    if (deviceIds.has(d.id)) bad(['devices', i, 'id'], `duplicate device id "${d.id}"`);
    deviceIds.add(d.id);
    if (!circuitIds.has(d.circuit)) bad(['devices', i, 'circuit'], `unknown circuit "${d.circuit}"`);
    if (new Set(d.phases).size !== d.phases.length) bad(['devices', i, 'phases'], 'a phase is listed twice');
    if (site.phases === 1 && d.phases.some((p) => p !== 'L1')) {
      bad(['devices', i, 'phases'], 'a 1-phase site has only L1');
    }
    if (site.network === 'it' && d.phases.length === 1) {
      bad(['devices', i, 'phases'], 'on an it network a 1-phase device sits between two lines: list both');
    }
    if (d.kind === 'charger' && d.minA > d.maxA)
      bad(['devices', i, 'minA'], `minA ${d.minA} > maxA ${d.maxA}`);
    if (d.kind === 'charger' && d.phaseSwitching && d.phases.length !== 3) {
      bad(['devices', i, 'phaseSwitching'], '1p/3p switching needs a 3-phase charger');
    }
    if (d.mode === 'planned' && !d.plan) bad(['devices', i, 'plan'], 'mode "planned" needs a plan');
  });
  if (site.neutralA !== undefined && site.network === 'it') {
    bad(['site', 'neutralA'], 'an it network has no neutral conductor');
  }
  return problems;
}
