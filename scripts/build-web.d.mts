// Types for scripts/build-web.mjs (a plain script so that `npm run build` needs no TypeScript loader).
export interface BuildWebOptions {
  /** Default dist/web under the repository root. */
  outDir?: string;
  /** Default true. */
  minify?: boolean;
}

export function buildWeb(options?: BuildWebOptions): Promise<{ outDir: string; files: string[] }>;
