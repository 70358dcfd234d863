// `ampshare check-config`: loads a site configuration the way the controller does and says
// whether it would start: "ok: N devices, M circuits", or every problem with file, line and key.
import { parseArgs } from 'node:util';
import { ConfigError, YamlSource } from '../config/yaml.js';
import { checkRunConfig } from '../runtime/config.js';
import { checkSiteConfig } from '../site/load.js';
import type { Command } from './main.js';

const USAGE = `usage: ampshare check-config --config site.yaml

Validates a site configuration (schema and semantic checks) without starting anything; a file
with a \`meter:\` section is checked as an \`ampshare run\` configuration (drivers, OCPP) as well.
Exit status 0 when it is valid, 1 with the problems on stderr when not.`;

/** Sections only `ampshare run` knows (docs/running.md). */
const RUN_SECTIONS = ['meter', 'ocpp', 'tls', 'controller'];

export const command: Command = {
  summary: 'validate a site configuration (file, line and key for every problem)',
  usage: USAGE,
  async run(args) {
    let config: string | undefined;
    try {
      ({
        values: { config },
      } = parseArgs({ args, strict: true, options: { config: { type: 'string' } } }));
    } catch (err) {
      process.stderr.write(`ampshare check-config: ${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (!config) {
      process.stderr.write(`ampshare check-config: --config is required\n\n${USAGE}\n`);
      return 2;
    }
    try {
      const source = YamlSource.fromFile(config);
      const top = source.toJS();
      const isRun =
        typeof top === 'object' && top !== null && RUN_SECTIONS.some((key) => key in (top as object));
      const site = isRun ? checkRunConfig(source).site : checkSiteConfig(source);
      process.stdout.write(`ok: ${site.devices.length} devices, ${site.circuits.length} circuits\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
  },
};
