/**
 * Samples of one charger in a fixed-size ring of typed arrays (no objects per sample): 24 h at one
 * sample a second in about 4.3 MB. Missing values are stored as a sentinel and read back as absent.
 */
import type { ChargerSample } from '$shared/contract';

const NONE16 = -32768;
const NONE32 = -2147483648;

export const samplesPerDay = 86_400;

export class SampleRing {
  readonly capacity: number;
  private readonly tMs: Float64Array;
  /** The charger's clock as an offset from `tMs`, in 0.1 s (±6.8 years fits). */
  private readonly chargerOffset: Int32Array;
  private readonly mains: Int16Array;
  private readonly mainsTotal: Int32Array;
  private readonly ev: Int16Array;
  private readonly charge: Int16Array;
  private readonly override: Int16Array;
  private readonly pwm: Int16Array;
  private readonly state: Int8Array;
  private readonly mode: Int8Array;
  private readonly solarStop: Int16Array;
  private readonly power: Int32Array;
  private readonly energy: Float64Array;
  private next = 0;
  private count = 0;

  constructor(capacity = samplesPerDay + 3600) {
    this.capacity = capacity;
    this.tMs = new Float64Array(capacity);
    this.chargerOffset = new Int32Array(capacity);
    this.mains = new Int16Array(capacity * 3);
    this.mainsTotal = new Int32Array(capacity);
    this.ev = new Int16Array(capacity * 3);
    this.charge = new Int16Array(capacity);
    this.override = new Int16Array(capacity);
    this.pwm = new Int16Array(capacity);
    this.state = new Int8Array(capacity);
    this.mode = new Int8Array(capacity);
    this.solarStop = new Int16Array(capacity);
    this.power = new Int32Array(capacity);
    this.energy = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the ring, whatever its fill: the memory figure is fixed at creation. */
  get byteLength(): number {
    return [
      this.tMs,
      this.chargerOffset,
      this.mains,
      this.mainsTotal,
      this.ev,
      this.charge,
      this.override,
      this.pwm,
      this.state,
      this.mode,
      this.solarStop,
      this.power,
      this.energy,
    ].reduce((sum, array) => sum + array.byteLength, 0);
  }

  push(sample: ChargerSample): void {
    const i = this.next;
    const clamp16 = (v: number | undefined) =>
      v === undefined ? NONE16 : Math.max(-32767, Math.min(32767, Math.round(v)));
    const clamp32 = (v: number | undefined) =>
      v === undefined ? NONE32 : Math.max(-2147483647, Math.min(2147483647, Math.round(v)));
    this.tMs[i] = sample.tMs;
    const offset = sample.chargerMs === undefined ? undefined : (sample.chargerMs - sample.tMs) / 100;
    this.chargerOffset[i] =
      offset === undefined || Math.abs(offset) > 2147483647 ? NONE32 : Math.round(offset);
    for (let p = 0; p < 3; p += 1) {
      this.mains[i * 3 + p] = clamp16(sample.mainsDa?.[p]);
      this.ev[i * 3 + p] = clamp16(sample.evDa?.[p]);
    }
    this.mainsTotal[i] = clamp32(sample.mainsTotalDa);
    this.charge[i] = clamp16(sample.chargeCurrentDa);
    this.override[i] = clamp16(sample.overrideCurrentDa);
    this.pwm[i] = clamp16(sample.pwm);
    this.state[i] = sample.stateId ?? -1;
    this.mode[i] = sample.modeId ?? -1;
    this.solarStop[i] = clamp16(sample.solarStopTimerS);
    this.power[i] = clamp32(sample.powerW);
    this.energy[i] = sample.energyWh ?? Number.NaN;
    this.next = (i + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  private at(i: number): ChargerSample {
    const v16 = (v: number) => (v === NONE16 ? undefined : v);
    const v32 = (v: number) => (v === NONE32 ? undefined : v);
    const triple = (array: Int16Array) => {
      const a = array[i * 3]!;
      return a === NONE16
        ? undefined
        : ([a, array[i * 3 + 1]!, array[i * 3 + 2]!] as [number, number, number]);
    };
    const sample: ChargerSample = { tMs: this.tMs[i]! };
    const put = <K extends keyof ChargerSample>(key: K, value: ChargerSample[K] | undefined) => {
      if (value !== undefined) sample[key] = value;
    };
    const offset = this.chargerOffset[i]!;
    put('chargerMs', offset === NONE32 ? undefined : this.tMs[i]! + offset * 100);
    put('mainsDa', triple(this.mains));
    put('mainsTotalDa', v32(this.mainsTotal[i]!));
    put('evDa', triple(this.ev));
    put('chargeCurrentDa', v16(this.charge[i]!));
    put('overrideCurrentDa', v16(this.override[i]!));
    put('pwm', v16(this.pwm[i]!));
    put('stateId', this.state[i]! < 0 ? undefined : this.state[i]);
    put('modeId', this.mode[i]! < 0 ? undefined : this.mode[i]);
    put('solarStopTimerS', v16(this.solarStop[i]!));
    put('powerW', v32(this.power[i]!));
    put('energyWh', Number.isNaN(this.energy[i]!) ? undefined : this.energy[i]);
    return sample;
  }

  /** Samples newer than `sinceMs`, oldest first, at most `limit` of the newest. */
  since(sinceMs = -Infinity, limit = this.capacity): ChargerSample[] {
    const out: ChargerSample[] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let k = Math.max(0, this.count - limit); k < this.count; k += 1) {
      const i = (start + k) % this.capacity;
      if (this.tMs[i]! > sinceMs) out.push(this.at(i));
    }
    return out;
  }
}
