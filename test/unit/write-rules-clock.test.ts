// Goal (ux-review M7): a delayed start is checked against the charger's clock, which is what the
// firmware compares it with: a simulated charger at 600× runs hours ahead of this computer, and a
// start "in an hour" by our clock is already past for it. Method: the contract's write rules with
// snapshots as /settings reports `last_data_update`.
import { describe, expect, it } from 'vitest';
import { chargerNowMs, localTimeText, writeProblems, type ChargerSnapshot } from '../../src-shared/contract';

const nowMs = Date.UTC(2027, 0, 15, 10, 0, 0);
const snapshot = (lastUpdateS: number | undefined): ChargerSnapshot => ({
  flavour: 'dingo35',
  mainsCurrents: {},
  evCurrents: {},
  mainsMeter: 'Sensorbox',
  modeId: 3,
  ...(lastUpdateS === undefined ? {} : { mainsLastUpdateS: lastUpdateS }),
});
const inAnHour = localTimeText(nowMs + 3_600_000);

describe("delayed charging by the charger's clock", () => {
  it('takes the charger’s clock when it runs ahead, ours otherwise', () => {
    expect(chargerNowMs(snapshot(nowMs / 1000 + 3 * 3600), nowMs)).toBe(nowMs + 3 * 3_600_000);
    expect(chargerNowMs(snapshot(nowMs / 1000 - 2), nowMs)).toBe(nowMs);
    expect(chargerNowMs(snapshot(500), nowMs)).toBe(nowMs); // seconds since boot: no clock yet
    expect(chargerNowMs(snapshot(undefined), nowMs)).toBe(nowMs);
  });

  it('refuses a start that is past for a charger three hours ahead, accepts it on time', () => {
    const ahead = writeProblems(
      { mode: 'SMART', startTime: inAnHour },
      snapshot(nowMs / 1000 + 3 * 3600),
      nowMs,
    );
    expect(ahead.map((p) => p.key)).toEqual(['ruleStartFuture']);
    expect(writeProblems({ mode: 'SMART', startTime: inAnHour }, snapshot(nowMs / 1000), nowMs)).toEqual([]);
  });
});
