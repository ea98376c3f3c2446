// Runs inside Chromium for the graph benchmark: the live graph's uPlot setup with 24 h of 1-s
// samples, then one new sample per update, drawn as the 24-h window is (from the envelope);
// records how long each update takes to draw.
import uPlot from 'uplot';
import { Envelope, RedrawGate } from '../../src-renderer/lib/graph/envelope';
import { modeCategory, RunTracker, stateCategory } from '../../src-renderer/lib/graph/bands';
import { seriesStyles } from '../../src-renderer/lib/graph/colours';

const points = 86_400;
const t0 = 1_780_000_000;
const columns: number[][] = [[], [], [], [], [], [], []];
for (let i = 0; i < points; i += 1) {
  columns[0]!.push(t0 + i);
  for (let s = 1; s < 7; s += 1) columns[s]!.push(10 + 5 * Math.sin(i / (300 * s)) + (i % 7) / 10);
}
// State and mode columns for the bands: a state change every 20 minutes, a mode change every 3 hours.
const tColumn = columns[0]!;
const states: number[] = tColumn.map((_, i) => [0, 1, 2, 9][Math.floor(i / 1200) % 4]!);
const modes: number[] = tColumn.map((_, i) => [1, 3, 2][Math.floor(i / 10_800) % 3]!);
const stateRuns = new RunTracker(stateCategory);
const modeRuns = new RunTracker(modeCategory);
tColumn.forEach((t, i) => {
  stateRuns.push(t, states[i]!);
  modeRuns.push(t, modes[i]!);
});
const envelope = new Envelope(60, 6);
for (let i = 0; i < points; i += 1)
  envelope.push(
    columns[0]![i]!,
    [1, 2, 3, 4, 5, 6].map((s) => columns[s]![i]!),
  );
let drawnAt = 0;
const plot = new uPlot(
  {
    width: 1200,
    height: 300,
    // The component's series: the same colours, widths and dashes, power on its own kW scale.
    scales: { x: { time: true }, kW: { auto: true } },
    axes: [{}, { label: 'A' }, { label: 'kW', scale: 'kW', side: 1, grid: { show: false } }],
    series: [
      {},
      ...[
        seriesStyles.mainsL1,
        seriesStyles.mainsL2,
        seriesStyles.mainsL3,
        seriesStyles.ev,
        seriesStyles.charge,
      ].map((style) => ({
        stroke: style.stroke === 'text' ? '#14181f' : style.stroke,
        width: style.width,
        ...('dash' in style ? { dash: [...style.dash] } : {}),
      })),
      {
        stroke: seriesStyles.power.stroke,
        width: seriesStyles.power.width,
        dash: [...seriesStyles.power.dash],
        scale: 'kW',
      },
    ],
    hooks: { draw: [() => (drawnAt = performance.now())] },
  },
  envelope.columns() as uPlot.AlignedData,
  document.getElementById('plot')!,
);

const gate = new RedrawGate();

/** Each update's cost in ms, and whether it drew (the component skips updates a pixel cannot show). */
async function run(): Promise<{ ms: number; drawn: boolean }[]> {
  const times: { ms: number; drawn: boolean }[] = [];
  for (let k = 0; k < 120; k += 1) {
    const t = t0 + points + k;
    const values = [1, 2, 3, 4, 5, 6].map(() => 10 + Math.random());
    const started = performance.now();
    envelope.push(t, values);
    envelope.trim(t - 86_400);
    // The bands under the graph are kept and looked up on every update, as the component does.
    stateRuns.push(t, 2);
    modeRuns.push(t, 3);
    stateRuns.visible(t - 86_400, t);
    const bands = modeRuns.visible(t - 86_400, t).length + stateRuns.visible(t - 86_400, t).length;
    if (!gate.needed(envelope.revision, t, `86400|${bands}`, 86_400 / 1200)) {
      times.push({ ms: performance.now() - started, drawn: false });
      await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
      continue;
    }
    plot.setData(envelope.columns() as uPlot.AlignedData, false);
    plot.setScale('x', { min: t - 86_400, max: t });
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    times.push({ ms: drawnAt - started, drawn: true });
  }
  return times;
}

(window as unknown as { benchResult: ReturnType<typeof run> }).benchResult = run();
