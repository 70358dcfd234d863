// Small helpers of the run configuration loader: validating a value from the YAML document where
// it sits (so problems keep their file:line), and ordering the problems as the file reads.
import type { z } from 'zod';
import { formatProblem, type ConfigProblem, type KeyPath, type YamlSource } from '../config/yaml.js';

/** YamlSource.validate for a value taken from (or built out of) the document at `base`. */
export function validateAt<S extends z.ZodType>(
  source: YamlSource,
  schema: S,
  value: unknown,
  base: KeyPath,
  problems: ConfigProblem[],
): z.output<S> | null {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = [...base, ...issue.path.filter((k): k is string | number => typeof k !== 'symbol')];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          file: source.file,
          ...source.locateKey(path, key),
          path: [...path, key],
          message: 'unknown key',
        });
      }
    } else {
      problems.push(source.problem(path, issue.message));
    }
  }
  return null;
}

/** A YAML map as a plain object, or null for anything else. */
export function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Each problem once, in file order. */
export function inFileOrder(problems: ConfigProblem[]): ConfigProblem[] {
  const unique = new Map(problems.map((p) => [formatProblem(p), p]));
  return [...unique.values()].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
