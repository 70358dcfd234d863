#!/usr/bin/env node
// Entry point of the `ampshare` command. The TypeScript sources are compiled to dist/ by
// `npm install` (the `prepare` script); a checkout that has not been built says so plainly.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write(
    'ampshare: dist/ is missing; run `npm install` (or `npm run build`) in the checkout first\n',
  );
  process.exit(2);
}
const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv.slice(2));
