// Runs the CLI from the TypeScript sources, without building: `node --import tsx scripts/dev.ts <command> ...`
// (tests spawn it this way too).
import { run } from '../src/cli/main.js';

process.exitCode = await run(process.argv.slice(2));
