// `ampshare check-config`: loads a site configuration the way the controller does and says
// whether it would start: "ok: N devices, M circuits", or every problem with file, line and key.
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/yaml.js';
import { loadSiteConfig } from '../site/load.js';
import type { Command } from './main.js';

const USAGE = `usage: ampshare check-config --config site.yaml

Validates the site configuration (schema and semantic checks) without starting anything.
Exit status 0 when it is valid, 1 with the problems on stderr when not.`;

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
      const site = loadSiteConfig(config);
      process.stdout.write(`ok: ${site.devices.length} devices, ${site.circuits.length} circuits\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
  },
};
