// A home battery behind the meter with its own energy-management: it charges from what the site
// exports and discharges to cover what it imports, measured by its own sensor a second late. The
// controller's setpoint limits how hard it may charge (the allocator does not dispatch discharge).
import type { BatteryConfig } from '../../site/schema.js';
import type { BatterySettings } from '../scenario/schema.js';
import { FlexibleDevice } from './flexible.js';
import type { Load, LoadRole } from './load.js';

/** The battery's view of the grid connection: net import last second, W. */
export interface GridSensor {
  netW: number;
}

export class HomeBattery extends FlexibleDevice implements Load {
  readonly role: LoadRole = 'battery';
  private storedKWh: number;
  private readonly oneWay: number;

  constructor(
    private readonly b: BatterySettings,
    private readonly device: BatteryConfig,
    circuit: number,
    network: 'tn' | 'it',
    voltageV: number,
    private readonly grid: GridSensor,
  ) {
    super(b.device, device, circuit, network, voltageV);
    this.storedKWh = b.capacityKWh * b.initialSoc;
    this.oneWay = Math.sqrt(b.efficiency);
  }

  get socShare(): number {
    return this.storedKWh / this.b.capacityKWh;
  }

  step(_tS: number, powered: boolean): void {
    this.latch();
    // What the site would import without the battery.
    const withoutW = this.grid.netW - this.powerW;
    let w = 0;
    if (powered && withoutW < 0) {
      const roomW = ((this.b.capacityKWh - this.storedKWh) * 3.6e6) / this.oneWay;
      w = Math.min(-withoutW, this.device.maxChargeW, this.allowedW, roomW);
    } else if (powered && withoutW > 0) {
      const leftW = this.storedKWh * 3.6e6 * this.oneWay;
      w = -Math.min(withoutW, this.device.maxDischargeW, leftW);
    }
    this.draw(w);
    this.storedKWh += (w > 0 ? w * this.oneWay : w / this.oneWay) / 3.6e6;
  }
}
