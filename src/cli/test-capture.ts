// Test helpers for CLI commands: run() in-process with stdout and stderr captured, and the
// issue's example configuration written to a temporary directory.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './main.js';

export const ISSUE_EXAMPLE = `site:
  phases: 3              # 1 or 3
  network: tn            # tn = 3x400 V + N; it = 3x230 V without neutral: a 1-phase load sits between two lines
  voltageV: 230
  fuseA: 25              # main fuse per phase
  marginA: 1             # stay this far under every fuse
  neutralA: 25           # optional neutral conductor limit (tn)
  failsafeA: 6           # what each device may draw while the meter is stale
  staleAfterS: 3         # meter data older than this is stale
circuits:                # optional sub-fuses under the connection ("main"), any depth
  - { id: garage, parent: main, fuseA: 20 }
devices:
  - id: car1
    kind: charger        # charger | stepped | switch | battery
    circuit: garage      # default: main
    phases: [L2, L3, L1] # the site phase each of the device's phases sits on (rotation); a 1-phase device lists one (two lines on an it network)
    minA: 6
    maxA: 16
    priority: 1          # higher is served first
    mode: now            # off | now | minpv | pv | planned
`;

export const ISSUE_INPUT = {
  grid: { netCurrentA: [10.2, -3.1, 5.0] },
  devices: { car1: { connected: true, measuredA: [6, 6, 6] } },
};

export function siteFiles(config: string, input?: unknown): { config: string; input: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ampshare-cli-'));
  const paths = { config: join(dir, 'site.yaml'), input: join(dir, 'input.json') };
  writeFileSync(paths.config, config);
  writeFileSync(paths.input, typeof input === 'string' ? input : JSON.stringify(input ?? ISSUE_INPUT));
  return paths;
}

/** Runs `ampshare argv…` in-process; the test runner's own (binary) stdout chunks pass through. */
export async function capture(argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const original = { out: process.stdout.write, err: process.stderr.write };
  const tap = (sink: string[], stream: NodeJS.WriteStream, write: typeof process.stdout.write) =>
    ((chunk: unknown, ...rest: unknown[]) =>
      typeof chunk === 'string'
        ? sink.push(chunk) > 0
        : (write as (...a: unknown[]) => boolean).call(
            stream,
            chunk,
            ...rest,
          )) as typeof process.stdout.write;
  process.stdout.write = tap(out, process.stdout, original.out);
  process.stderr.write = tap(err, process.stderr, original.err);
  try {
    const status = await run(argv);
    return { status, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
  }
}
