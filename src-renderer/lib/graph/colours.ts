/**
 * The graph's colours, chosen from palettes made for colour-blind readers (Okabe–Ito for the lines,
 * Tol's muted set for the mode band), and each line also has its own dash, so no line is told
 * apart by colour alone. The bands' colours live with their categories in `bands.ts`.
 */
export interface SeriesStyle {
  stroke: string;
  width: number;
  dash?: number[];
}

export const seriesStyles = {
  mainsL1: { stroke: '#D55E00', width: 1.5 },
  mainsL2: { stroke: '#0072B2', width: 1.5, dash: [8, 4] },
  mainsL3: { stroke: '#CC79A7', width: 1.5, dash: [2, 3] },
  ev: { stroke: '#009E73', width: 2.5 },
  /** Drawn in the text colour (black or white), dashed. */
  charge: { stroke: 'text', width: 2, dash: [6, 4] },
  power: { stroke: '#E69F00', width: 1.5, dash: [10, 3, 2, 3] },
} as const satisfies Record<string, SeriesStyle>;
