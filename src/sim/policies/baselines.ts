// Two baselines without feedback. `uncontrolled`: every device at its maximum all the time (what
// a site without load balancing does). `static`: the fuse split evenly and fixed — each device gets,
// on every circuit above it, that circuit's limit (less its margin) divided by the number of
// devices sharing the phase there; a charger whose share is under its minimum gets nothing.
import { wattsPerAmp } from '../../core/topology.js';
import type { Policy, PolicyContext } from './policy.js';
import { deviceMaxA } from './policy.js';

abstract class FixedPolicy implements Policy {
  readonly telegramEveryS = 0;
  readonly targetW = null;
  readonly telegrams = 0;
  readonly telegramErrors = 0;
  private sent = false;

  constructor(protected readonly ctx: PolicyContext) {}

  protected abstract setpointsA(): number[];

  cycle(): void {
    if (this.sent) return;
    // A real site sends these once; the sim driver keeps them.
    this.setpointsA().forEach((a, i) => this.ctx.drivers[i]!.apply({ currentA: a, phases: 3 }));
    this.sent = true;
  }
}

export class UncontrolledPolicy extends FixedPolicy {
  protected setpointsA(): number[] {
    const { site } = this.ctx.scenario;
    return site.devices.map((d) =>
      deviceMaxA(d, wattsPerAmp(site.site.network, site.site.voltageV, d.phases.length)),
    );
  }
}

export class StaticPolicy extends FixedPolicy {
  protected setpointsA(): number[] {
    const { site } = this.ctx.scenario;
    const topology = this.ctx.world.topology;
    // Devices sharing each circuit's phase conductors (their own circuit and every one above).
    const sharing = new Map<number, number>();
    for (const d of topology.devices) {
      for (const c of topology.circuits[d.circuit]!.path) {
        for (const p of d.wiring.sitePhases) sharing.set(c * 3 + p, (sharing.get(c * 3 + p) ?? 0) + 1);
      }
    }
    return topology.devices.map((d) => {
      let shareA = Infinity;
      for (const c of topology.circuits[d.circuit]!.path) {
        const circuit = topology.circuits[c]!;
        for (const p of d.wiring.sitePhases) {
          shareA = Math.min(shareA, (circuit.fuseA - circuit.marginA) / (sharing.get(c * 3 + p) ?? 1));
        }
      }
      const maxA = deviceMaxA(
        d.config,
        wattsPerAmp(site.site.network, site.site.voltageV, d.config.phases.length),
      );
      const a = Math.min(maxA, Math.floor(shareA * 10) / 10);
      return d.config.kind === 'charger' && a < d.config.minA ? 0 : a;
    });
  }
}
