// `ampshare demo`: the simulated site in real time (or as fast as possible), one line a second.
import { parseArgs } from 'node:util';
import { Demo, type DemoCycle } from '../sim/demo.js';
import type { Command } from './main.js';

const usage = `usage: ampshare demo [--fast] [--seconds N] [--seed N] [--json]

A simulated 3x25 A home (heat pump, induction hob, PV, two chargers) whose meter writes real
DSMR 5 telegrams into the real decoder and allocator, once a second.
  --fast        run as fast as possible instead of in real time
  --seconds N   stop after N simulated seconds (default: run until Ctrl-C)
  --seed N      the random seed of the household (default 1)
  --json        one JSON object per cycle instead of the table`;

function line(c: DemoCycle, fuseA: number): string {
  const time = (c.reading.timestamp ?? '').slice(11, 19);
  const phases = c.reading.phases
    .map((p, i) => `L${i + 1} ${(p.netCurrentA ?? 0).toFixed(1).padStart(5)}`)
    .join(' ');
  const devices = c.result.devices.map((d) => `${d.id} ${d.setpointA.toFixed(0).padStart(2)} A`).join('  ');
  return `${time}  ${phases} A (fuse ${fuseA})  |  ${devices}`;
}

export const command: Command = {
  summary: 'run the simulated demo site through the real pipeline',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        fast: { type: 'boolean', default: false },
        seconds: { type: 'string' },
        seed: { type: 'string', default: '1' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const seconds = values.seconds === undefined ? Infinity : Number(values.seconds);
    const seed = Number(values.seed);
    if (!(seconds > 0) || !Number.isInteger(seed)) {
      process.stderr.write(`ampshare demo: --seconds must be > 0 and --seed an integer\n${usage}\n`);
      return 2;
    }
    const demo = new Demo({ seed });
    const fuseA = demo.config.site.fuseA;
    if (!values.json) {
      process.stdout.write(
        'ampshare demo: a simulated 3x25 A home; its meter writes DSMR 5 telegrams once a second.\n' +
          "Each line: the meter's per-phase current and each device's setpoint. Reasons print when they change.\n\n",
      );
    }
    const reasons = new Map<string, string>();
    let stopped = false;
    const stop = () => (stopped = true);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      for (let n = 0; n < seconds && !stopped; n++) {
        const cycle = demo.step();
        if (values.json) {
          process.stdout.write(
            `${JSON.stringify({ tS: cycle.tS, reading: cycle.reading, devices: cycle.result.devices, trueCurrentA: cycle.trueCurrentA })}\n`,
          );
        } else {
          process.stdout.write(`${line(cycle, fuseA)}\n`);
          for (const d of cycle.result.devices) {
            const kind = d.reason.replace(/[\d.]+/g, '#');
            if (reasons.get(d.id) !== kind) process.stdout.write(`          ${d.id}: ${d.reason}\n`);
            reasons.set(d.id, kind);
          }
        }
        if (!values.fast) await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
};
