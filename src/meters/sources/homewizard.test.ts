import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HomeWizardDataError, homeWizardDataToReading, homeWizardTime } from './homewizard.js';

// The 3-phase example of HomeWizard's API documentation (v1, "Recent measurement"), with voltages.
const HOMEWIZARD_3_PHASE = {
  wifi_ssid: 'My Wi-Fi',
  wifi_strength: 100,
  smr_version: 50,
  meter_model: 'ISKRA  2M550T-101',
  unique_id: '4530303334303031353130313138323135',
  active_tariff: 2,
  total_power_import_kwh: 13779.338,
  total_power_import_t1_kwh: 10830.511,
  total_power_import_t2_kwh: 2948.827,
  total_power_export_kwh: 0,
  total_power_export_t1_kwh: 0,
  total_power_export_t2_kwh: 0,
  active_power_w: -543,
  active_power_l1_w: -676,
  active_power_l2_w: 133,
  active_power_l3_w: 0,
  active_voltage_l1_v: 236.0,
  active_voltage_l2_v: 232.6,
  active_voltage_l3_v: 0,
  active_current_l1_a: -4,
  active_current_l2_a: 2,
  active_current_l3_a: 0,
  total_gas_m3: 2569.646,
  gas_timestamp: 210606140010,
  active_power_average_w: 123.0,
  montly_power_peak_w: 1111.0,
  montly_power_peak_timestamp: 230101080010,
};

describe('HomeWizard /api/v1/data', () => {
  it('maps a 3-phase answer onto a Reading', () => {
    const reading = homeWizardDataToReading(HOMEWIZARD_3_PHASE, 'http://p1/api/v1/data');
    assert.equal(reading.header, 'ISKRA  2M550T-101');
    assert.equal(reading.version, '50');
    assert.equal(reading.crc, 'absent');
    assert.equal(reading.timestamp, null);
    assert.equal(reading.equipmentId, 'E0034001510118215');
    assert.equal(reading.tariff, 2);
    assert.deepEqual(reading.energyImportKWh, { t1: 10830.511, t2: 2948.827 });
    assert.equal(reading.powerImportW, 0);
    assert.equal(reading.powerExportW, 543);
    assert.deepEqual(reading.phases[0], {
      voltageV: 236,
      currentA: 4,
      powerImportW: 0,
      powerExportW: 676,
      netCurrentA: -2.864,
    });
    assert.equal(reading.phases[1]?.netCurrentA, 0.572);
    // L3 reports 0 V (a delta site's L2, or a missing voltage): fall back to the current.
    assert.equal(reading.phases[2]?.netCurrentA, 0);
    assert.deepEqual(reading.gas, { m3: 2569.646, at: '2021-06-06T14:00:10+02:00' });
    assert.deepEqual(reading.capacity, {
      averageDemandW: 123,
      monthPeakW: 1111,
      monthPeakAt: '2023-01-01T08:00:10+01:00',
      history: [],
    });
  });

  it('maps the 1-phase example without voltages, current or gas', () => {
    const reading = homeWizardDataToReading(
      { smr_version: 50, meter_model: 'ISKRA  2M550T-101', active_power_w: -678, active_power_l1_w: -676 },
      'http://p1/api/v1/data',
    );
    assert.equal(reading.phases.length, 1);
    assert.deepEqual(reading.phases[0], {
      voltageV: null,
      currentA: null,
      powerImportW: 0,
      powerExportW: 676,
      netCurrentA: null,
    });
    assert.equal(reading.gas, null);
    assert.equal(reading.capacity, null);
    assert.equal(reading.tariff, null);
  });

  it('signs an unsigned current by the phase power when there is no voltage', () => {
    const reading = homeWizardDataToReading({ active_power_l1_w: -900, active_current_l1_a: 4 }, 'u');
    assert.equal(reading.phases[0]?.netCurrentA, -4);
  });

  it('rejects what is not a P1 meter answer, naming the URL', () => {
    assert.throws(() => homeWizardDataToReading([], 'http://x/api/v1/data'), HomeWizardDataError);
    assert.throws(
      () => homeWizardDataToReading({ wifi_ssid: 'x' }, 'http://x/api/v1/data'),
      /http:\/\/x\/api\/v1\/data/,
    );
  });

  it('reads YYMMDDhhmmss in Dutch/Belgian local time', () => {
    assert.equal(homeWizardTime(240112231815), '2024-01-12T23:18:15+01:00');
    assert.equal(homeWizardTime(240701000000), '2024-07-01T00:00:00+02:00');
    assert.equal(homeWizardTime(10101000000), '2001-01-01T00:00:00+01:00');
    assert.equal(homeWizardTime(991399000000), null);
    assert.equal(homeWizardTime(null), null);
  });
});
