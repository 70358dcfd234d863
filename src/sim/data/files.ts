// The profile data the simulator reads (profiles/ at the repository root, copied from
// ../shared/fixtures/profiles with their licences; profiles/README.md says where each came from).
// Each file is read and parsed once per process; the arrays are shared and never written to.
import { existsSync, readFileSync } from 'node:fs';

/** profiles/ beside package.json, found upwards from here: src/sim/data, dist/sim/data or the bundle. */
function profilesDir(): URL {
  let dir = new URL('./', import.meta.url);
  for (let up = new URL('../', dir); !existsSync(new URL('package.json', dir)) && up.href !== dir.href; ) {
    dir = up;
    up = new URL('../', dir);
  }
  return new URL('profiles/', dir);
}

export const PROFILES_DIR = profilesDir();

export class ProfileDataError extends Error {
  constructor(file: string, message: string) {
    super(`profiles/${file}: ${message}`);
    this.name = 'ProfileDataError';
  }
}

const cache = new Map<string, string[][]>();

/** The rows of a CSV file (no quoted commas in these files; quotes and a BOM are stripped). */
export function readCsv(file: string): string[][] {
  let rows = cache.get(file);
  if (rows) return rows;
  let text: string;
  try {
    text = readFileSync(new URL(file, PROFILES_DIR), 'utf8');
  } catch (err) {
    throw new ProfileDataError(file, `cannot read: ${(err as Error).message}`);
  }
  rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0)
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '').trim()));
  cache.set(file, rows);
  return rows;
}

/** A cell as a number; throws naming the file, row and column when it is not one. */
export function num(file: string, rows: string[][], row: number, col: number): number {
  const cell = rows[row]?.[col];
  const value = cell === undefined || cell === '' ? NaN : Number(cell);
  if (!Number.isFinite(value)) {
    throw new ProfileDataError(file, `row ${row + 1} column ${col + 1}: "${cell ?? ''}" is not a number`);
  }
  return value;
}

/** Like num, but an empty cell is null. */
export function numOrNull(file: string, rows: string[][], row: number, col: number): number | null {
  return rows[row]?.[col] === '' ? null : num(file, rows, row, col);
}
