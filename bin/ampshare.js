#!/usr/bin/env node
// Entry point of the `ampshare` command. `npm install` (the `prepare` script) compiles the
// TypeScript sources and bundles the command into dist/bundle/ (scripts/build-daemon.mjs): one
// minified file per part holds far less memory in a long-running daemon than ~400 modules. A
// checkout that has not been built says so plainly.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write(
    'ampshare: dist/bundle is missing; run `npm install` (or `npm run build`) in the checkout first\n',
  );
  process.exit(2);
}
const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv.slice(2));
