// The policies by name (the optimum is not one: it is a bound, computed apart in src/sim/optimum).
import type { PolicyName } from '../run-types.js';
import { AmpsharePolicy } from './ampshare.js';
import { StaticPolicy, UncontrolledPolicy } from './baselines.js';
import type { Policy, PolicyContext } from './policy.js';
import { SlowLoopPolicy } from './slow-loop.js';

export function createPolicy(name: Exclude<PolicyName, 'optimum'>, ctx: PolicyContext): Policy {
  switch (name) {
    case 'ampshare':
      return new AmpsharePolicy(ctx);
    case 'uncontrolled':
      return new UncontrolledPolicy(ctx);
    case 'static':
      return new StaticPolicy(ctx);
    case 'slow-loop':
      return new SlowLoopPolicy(ctx);
  }
}
