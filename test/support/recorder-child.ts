/**
 * A process that records as Studio does, for the kill -9 test: one charger, a sample every 5 ms
 * with the wall clock, written by the real recorder. Prints each sample's time once recorded.
 */
import { Recorder } from '../../src-main/recorder/recorder';
import { systemScheduler } from '../../src-main/store/scheduler';

const recorder = new Recorder({ file: process.argv[2]!, scheduler: systemScheduler() });
const snapshot = {
  flavour: 'dingo35' as const,
  mainsCurrents: {},
  evCurrents: {},
  carConnected: true,
  stateId: 2,
};
let n = 0;
setInterval(() => {
  const tMs = Date.now();
  n += 1;
  recorder.record('child', { tMs, mainsDa: [n % 300, 0, 0], stateId: 2 }, snapshot, { maxMains: `${n} A` });
  process.stdout.write(`${tMs}\n`);
}, 5);
