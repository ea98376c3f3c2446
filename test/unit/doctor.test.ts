// Goal: each rule of the configuration doctor fires on a settings document that has its foot-gun
// and stays quiet on one that does not. Method: a real dingo35 /settings document (the fixture),
// changed one setting at a time, read by Studio's own parser and given to the pure rules.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose, normaliseSettings, readSettingsDocument, type DoctorRuleId } from '$shared/contract';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fixture = JSON.parse(readFileSync('test/fixtures/settings-dingo35.json', 'utf8')) as Doc;
/** The fixture's clock: its last mains reading, plus 2 s. */
const nowMs = (fixture.phase_currents.last_data_update + 2) * 1000;

function doc(change: (d: Doc) => void): Doc {
  const copy = structuredClone(fixture);
  change(copy);
  return copy;
}

function snapshotOf(d: Doc) {
  const read = readSettingsDocument(d);
  if (!read.ok) throw new Error('fixture not read');
  return normaliseSettings(read.json);
}

function rules(d: Doc, options: { master?: Doc; at?: number } = {}): DoctorRuleId[] {
  return diagnose({
    snapshot: snapshotOf(d),
    nowMs: options.at ?? nowMs,
    master: options.master ? snapshotOf(options.master) : undefined,
  }).map((f) => f.rule);
}

const solar = (d: Doc) => {
  d.mode = 'SOLAR';
  d.mode_id = 2;
  d.evse.mode = 2;
};

describe('the configuration doctor', () => {
  it('the fixture as it is: nothing to say', () => {
    expect(rules(fixture)).toEqual([]);
  });

  const cases: [DoctorRuleId, (d: Doc) => void, (d: Doc) => void][] = [
    [
      'capacity-limit',
      (d) => (d.settings.current_max_sum_mains = 25),
      (d) => (d.settings.current_max_sum_mains = 0),
    ],
    [
      'one-phase-ev-solar',
      (d) => {
        solar(d);
        d.settings.solar_start_current = 20;
        d.ev_meter.description = 'Eastron3P';
        d.ev_meter.currents = { TOTAL: 60, L1: 60, L2: 0, L3: 0 };
      },
      (d) => {
        solar(d);
        d.settings.solar_start_current = 20;
        d.settings.enable_C2 = 'Always Off';
        d.ev_meter.currents = { TOTAL: 60, L1: 60, L2: 0, L3: 0 };
      },
    ],
    [
      'circuit-below-max',
      (d) => (d.settings.current_max_circuit = 10),
      (d) => (d.settings.current_max_circuit = 16),
    ],
    [
      'api-meter-stale',
      (d) => (d.phase_currents.last_data_update -= 30),
      (d) => (d.phase_currents.last_data_update -= 5),
    ],
    [
      'start-current-unreachable',
      (d) => {
        solar(d);
        d.settings.solar_start_current = 4;
      },
      (d) => {
        solar(d);
        d.settings.solar_start_current = 18;
      },
    ],
    [
      'solar-never-stops',
      (d) => {
        solar(d);
        d.settings.solar_start_current = 18;
        d.settings.solar_stop_time = 0;
      },
      (d) => {
        solar(d);
        d.settings.solar_start_current = 18;
        d.settings.solar_stop_time = 10;
      },
    ],
    [
      'override-above-cable',
      (d) => (d.settings.override_current = 160),
      (d) => (d.settings.override_current = 100),
    ],
    [
      'daily-delayed-stop',
      (d) => {
        d.settings.stoptime = 1_767_300_000;
        d.settings.repeat = 1;
      },
      (d) => {
        d.settings.stoptime = 1_767_300_000;
        d.settings.repeat = 0;
      },
    ],
  ];
  it.each(cases)('%s: fires when it applies, quiet when it does not', (rule, fires, quiet) => {
    expect(rules(doc(fires))).toEqual([rule]);
    expect(rules(doc(quiet))).toEqual([]);
  });

  it('node-conflicts-master: a node whose Solar settings differ from its master', () => {
    const master = doc((d) => {
      d.evse.loadbl = 1;
      d.mode = 'NORMAL';
      d.mode_id = 1;
      d.evse.mode = 0;
    });
    const node = (start: number) =>
      doc((d) => {
        d.evse.loadbl = 2;
        d.mode = 'NORMAL';
        d.mode_id = 1;
        d.evse.mode = 0;
        d.settings.solar_start_current = start;
      });
    expect(rules(node(9), { master })).toEqual(['node-conflicts-master']);
    expect(rules(node(4), { master })).toEqual([]);
  });

  it('says what to change, where, and why', () => {
    const [finding] = diagnose({
      snapshot: snapshotOf(doc((d) => (d.settings.current_max_circuit = 10))),
      nowMs,
    });
    expect(finding).toMatchObject({
      key: 'docCircuitBelowMax',
      params: { circuit: 10, max: 16 },
      setting: { name: 'MAX CIRCUIT', where: 'lcd' },
    });
    expect(finding!.because).toMatch(/^§5\.6/);
  });
});
