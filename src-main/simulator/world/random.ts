/** Seeded randomness for the virtual world (mulberry32): the same seed gives the same day. */
export interface Random {
  next(): number;
  seed: number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    seed,
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
