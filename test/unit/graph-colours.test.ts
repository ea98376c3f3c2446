// Goal (ux-review minor 13, issue 13 point 5): the graph's colours are distinct: no two lines,
// no two states and no two modes look alike, also to colour-blind readers, and no band colour is
// a line's colour ("No car" and "Off" were one grey, "Charging" was the EV line's green).
// Method: colour difference (CIE76 ΔE in Lab) with normal vision and with protanopia,
// deuteranopia and tritanopia simulated (Machado, Oliveira and Fernandes 2009, severity 1).
import { describe, expect, it } from 'vitest';
import { modeCategories, stateCategories } from '../../src-renderer/lib/graph/bands';
import { seriesStyles } from '../../src-renderer/lib/graph/colours';

type Matrix = [number, number, number][];
const vision: Record<string, Matrix> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
function lab(hex: string, matrix: Matrix): [number, number, number] {
  const rgb = [1, 3, 5].map((i) => toLinear(parseInt(hex.slice(i, i + 2), 16) / 255));
  const [r, g, b] = matrix.map((row) =>
    Math.max(0, Math.min(1, row[0] * rgb[0]! + row[1] * rgb[1]! + row[2] * rgb[2]!)),
  ) as [number, number, number];
  const f = (v: number) => (v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
const deltaE = (a: string, b: string, matrix: Matrix) => {
  const [p, q] = [lab(a, matrix), lab(b, matrix)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
};
/** The closest pair of a set under one kind of vision. */
function closest(colours: Record<string, string>, matrix: Matrix): { pair: string; deltaE: number } {
  const names = Object.keys(colours);
  let best = { pair: '', deltaE: Infinity };
  for (let i = 0; i < names.length; i += 1)
    for (let j = i + 1; j < names.length; j += 1) {
      const d = deltaE(colours[names[i]!]!, colours[names[j]!]!, matrix);
      if (d < best.deltaE) best = { pair: `${names[i]} / ${names[j]}`, deltaE: d };
    }
  return best;
}
// The charge-current line is drawn in the text colour: black on the light theme.
const lines = Object.fromEntries(
  Object.entries(seriesStyles).map(([name, s]) => [name, s.stroke === 'text' ? '#14181F' : s.stroke]),
);
const states = Object.fromEntries(Object.entries(stateCategories).map(([n, c]) => [`state ${n}`, c.colour]));
const modes = Object.fromEntries(Object.entries(modeCategories).map(([n, c]) => [`mode ${n}`, c.colour]));

describe('graph colours', () => {
  it.each(Object.keys(vision))('lines, states and modes are each told apart (%s)', (kind) => {
    for (const group of [lines, states, modes])
      expect(closest(group, vision[kind]!).deltaE).toBeGreaterThan(15);
  });

  it('no colour of the graph is another one’s look-alike, lines and bands together', () => {
    expect(closest({ ...lines, ...states, ...modes }, vision.normal!).deltaE).toBeGreaterThan(15);
  });

  it('every line also has its own dash or width, so none depends on colour alone', () => {
    const looks = Object.values(seriesStyles).map((s) => `${s.width}|${'dash' in s ? s.dash.join(',') : ''}`);
    expect(new Set(looks).size).toBe(looks.length);
  });
});
