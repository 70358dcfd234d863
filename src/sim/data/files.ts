// The profile data the simulator reads (profiles/ at the repository root, copied from
// ../shared/fixtures/profiles with their licences; profiles/README.md says where each came from).
// Each file is read and parsed once per process; the arrays are shared and never written to.
import { readFileSync } from 'node:fs';

/** profiles/ beside src/ (and beside dist/ once built: both sit two folders below the root). */
export const PROFILES_DIR = new URL('../../../profiles/', import.meta.url);

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
