// Types for scripts/build-daemon.mjs (a plain script so that `npm run build` needs no TypeScript loader).
export const EXTERNAL: string[];

export interface BuildDaemonOptions {
  /** Default dist/bundle under the repository root; must be inside the package. */
  outDir?: string;
  /** Default true. */
  minify?: boolean;
}

export function buildDaemon(options?: BuildDaemonOptions): Promise<{ outDir: string; entry: string }>;
