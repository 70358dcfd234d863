// `simulate --report out.html`: one self-contained HTML file (inline SVG and CSS, no script, no
// network) with the run's plots and scorecard; several runs (--compare) side by side.
import { writeFile } from 'node:fs/promises';
import type { SimRun } from '../run-types.js';
import { renderReport } from './html.js';

export { renderReport } from './html.js';

export async function writeReport(path: string, run: SimRun | SimRun[]): Promise<void> {
  await writeFile(path, renderReport(Array.isArray(run) ? run : [run]), 'utf8');
}
