// Loaded before every test file (scripts/run-tests.mjs). Property tests draw a fresh seed on a
// developer's machine, so that new counterexamples keep being found (fast-check prints the seed
// and path of a failure: rerun with FC_SEED=<seed>). In CI the seed is fixed unless FC_SEED is set,
// so that a run is reproducible; tests that pass their own seed keep it.
import fc from 'fast-check';

const fromEnv = process.env.FC_SEED;
const seed = fromEnv !== undefined ? Number(fromEnv) : process.env.CI ? 20261124 : undefined;
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
