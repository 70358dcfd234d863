// Loads a YAML file and validates it against a zod schema. Every problem names the file, the
// line and column, and the key path, so that a bad configuration refuses to start with the line
// at fault ("site.yaml:12:5 devices[0].maxA: expected a number").
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export type KeyPath = readonly (string | number)[];

export interface ConfigProblem {
  file: string;
  line: number | null;
  column: number | null;
  path: KeyPath;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatPath(path: KeyPath): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  );
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  const key = p.path.length > 0 ? ` ${formatPath(p.path)}:` : '';
  return `${where}${key} ${p.message}`;
}

/** A parsed YAML document that can say where any key path sits. */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  static fromText(file: string, text: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const source = new YamlSource(file, doc, lines);
    const problems = doc.errors.map((e) => ({
      file,
      ...source.position(e.pos[0]),
      path: [],
      message: e.message.split('\n')[0] ?? e.message,
    }));
    if (problems.length > 0) throw new ConfigError(problems);
    return source;
  }

  static fromFile(file: string): YamlSource {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError([
        { file, line: null, column: null, path: [], message: `cannot read: ${(err as Error).message}` },
      ]);
    }
    return YamlSource.fromText(file, text);
  }

  private position(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /**
   * The line of the deepest existing node on the path. A missing key points at the key of the map
   * it belongs in (`site:`), or at the list item (`- id: car`).
   */
  locate(path: KeyPath): { line: number | null; column: number | null } {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (!isNode(node) || !node.range) continue;
      const last = path[n - 1];
      if (n < path.length && typeof last === 'string') return this.locateKey(path.slice(0, n - 1), last);
      return this.position(node.range[0]);
    }
    return { line: null, column: null };
  }

  /** For an unknown key, point at the key itself rather than at its parent map. */
  locateKey(parent: KeyPath, key: string): { line: number | null; column: number | null } {
    const map: unknown = parent.length === 0 ? this.doc.contents : this.doc.getIn(parent, true);
    if (isNode(map) && 'items' in map && Array.isArray(map.items)) {
      for (const pair of map.items as { key?: unknown }[]) {
        const k = pair.key;
        if (isNode(k) && 'value' in k && k.value === key && k.range) return this.position(k.range[0]);
      }
    }
    const node: unknown = parent.length === 0 ? this.doc.contents : this.doc.getIn(parent, true);
    return isNode(node) && node.range ? this.position(node.range[0]) : { line: null, column: null };
  }

  problem(path: KeyPath, message: string): ConfigProblem {
    return { file: this.file, ...this.locate(path), path, message };
  }

  toJS(): unknown {
    return this.doc.toJS();
  }

  /** Validates the document with a zod schema; throws ConfigError with every problem located. */
  validate<S extends z.ZodType>(schema: S): z.output<S> {
    const result = schema.safeParse(this.toJS() ?? {});
    if (result.success) return result.data;
    const problems: ConfigProblem[] = [];
    for (const issue of result.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          problems.push({
            file: this.file,
            ...this.locateKey(path, key),
            path: [...path, key],
            message: 'unknown key',
          });
        }
      } else {
        problems.push(this.problem(path, issue.message));
      }
    }
    throw new ConfigError(problems);
  }
}
