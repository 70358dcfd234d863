// `ampshare simulate`: a scenario through the real pipeline (telegrams, decoder, allocator, drivers)
// under one policy, or every policy side by side; the scorecard of contract 3.
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/yaml.js';
import { formatTable, kpisJson } from '../sim/format.js';
import { POLICIES, type PolicyName, type SimRun } from '../sim/run-types.js';
import { loadScenario } from '../sim/scenario/load.js';
import { compare, simulate } from '../sim/simulate.js';
import type { Command } from './main.js';

const USAGE = `usage: ampshare simulate SCENARIO.yaml [--policy NAME] [--days N] [--json] [--report out.html]
       ampshare simulate --compare SCENARIO.yaml [--days N] [--json]

Runs a scenario (docs/scenarios.md) second by second: its meter writes real DSMR 5 / e-MUCS
telegrams into the real decoder, the allocator decides, simulated devices follow through the
sim driver, and every breaker's thermal model keeps count.
  --policy NAME   ${POLICIES.join(', ')} (default ampshare)
  --days N        simulate N days instead of the scenario's (fractions allowed)
  --json          print the KPIs as JSON (contract 3)
  --report FILE   write a self-contained HTML report of the run
  --compare       every policy side by side`;

async function writeReport(path: string, run: SimRun): Promise<void> {
  const { writeReport } = await import('../sim/report/index.js');
  await writeReport(path, run);
}

/** A progress bar on stderr, only on a terminal. */
function progress(label: string): ((doneS: number, totalS: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return (doneS, totalS) => {
    const share = doneS / totalS;
    const percent = Math.floor(share * 100);
    if (percent === last) return;
    last = percent;
    const width = 30;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    process.stderr.write(`\r${label.padEnd(14)} [${bar}] ${String(percent).padStart(3)} %`);
    if (doneS >= totalS) process.stderr.write('\r\x1b[K');
  };
}

export const command: Command = {
  summary: 'score a scenario: the real pipeline against baselines and the optimum',
  usage: USAGE,
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        strict: true,
        allowPositionals: true,
        options: {
          policy: { type: 'string', default: 'ampshare' },
          days: { type: 'string' },
          json: { type: 'boolean', default: false },
          report: { type: 'string' },
          compare: { type: 'boolean', default: false },
        },
      });
    } catch (err) {
      process.stderr.write(`ampshare simulate: ${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    const { values, positionals } = parsed;
    const policy = values.policy as PolicyName;
    const days = values.days === undefined ? undefined : Number(values.days);
    const problem =
      positionals.length !== 1
        ? 'one scenario file is needed'
        : !POLICIES.includes(policy)
          ? `unknown policy "${values.policy}" (known: ${POLICIES.join(', ')})`
          : days !== undefined && !(days > 0)
            ? '--days must be a positive number'
            : values.compare && values.report
              ? '--report goes with one policy, not --compare'
              : null;
    if (problem) {
      process.stderr.write(`ampshare simulate: ${problem}\n\n${USAGE}\n`);
      return 2;
    }
    try {
      const scenario = loadScenario(positionals[0]!);
      if (values.compare) {
        const bars = new Map<PolicyName, ReturnType<typeof progress>>();
        const { runs } = await compare(scenario, {
          days,
          onProgress: (p, done, total) => {
            if (!bars.has(p)) bars.set(p, progress(p));
            bars.get(p)?.(done, total);
          },
        });
        process.stdout.write(`${values.json ? kpisJson(runs) : formatTable(runs)}\n`);
        return 0;
      }
      const run = await simulate(scenario, { policy, days, onProgress: progress(policy) });
      if (values.report) await writeReport(values.report, run);
      process.stdout.write(`${values.json ? kpisJson([run]) : formatTable([run])}\n`);
      return 0;
    } catch (err) {
      if (err instanceof ConfigError) {
        process.stderr.write(`${err.message}\n`);
        return 1;
      }
      throw err;
    }
  },
};
