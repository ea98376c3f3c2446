/**
 * The graph as a picture someone else can read: an opaque background, a title and a line under
 * it, the plot with its axes, the bands, and a legend of the lines (colour and dash) and of the
 * band colours. Drawn from the canvases the live graph already has.
 */
import type { SeriesStyle } from './colours';

export interface PictureParts {
  plot: HTMLCanvasElement;
  bands: HTMLCanvasElement;
  title: string;
  subtitle: string;
  lines: { label: string; style: SeriesStyle }[];
  swatches: { label: string; colour: string }[];
  background: string;
  text: string;
  /** Device pixels per CSS pixel: the canvases are drawn at this scale. */
  ratio: number;
}

/** The stroke a line style draws with (`text`: the theme's text colour). */
export const strokeOf = (style: SeriesStyle, text: string) => (style.stroke === 'text' ? text : style.stroke);

export function drawPicture(parts: PictureParts): HTMLCanvasElement | undefined {
  const { plot, bands, ratio, text } = parts;
  const pad = 16 * ratio;
  const titleHeight = 44 * ratio;
  const legendRow = 20 * ratio;
  const canvas = document.createElement('canvas');
  canvas.width = plot.width + 2 * pad;
  canvas.height = titleHeight + plot.height + bands.height + 4 * legendRow + 2 * pad;
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.fillStyle = parts.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = text;
  ctx.textBaseline = 'top';
  ctx.font = `600 ${16 * ratio}px system-ui, sans-serif`;
  ctx.fillText(parts.title, pad, pad);
  ctx.font = `${12 * ratio}px system-ui, sans-serif`;
  ctx.fillText(parts.subtitle, pad, pad + 20 * ratio);
  let y = pad + titleHeight;
  ctx.drawImage(plot, pad, y);
  y += plot.height;
  ctx.drawImage(bands, pad, y);
  y += bands.height + legendRow / 2;
  // The legend: each line with its colour and dash, then each band colour; a row wraps at the edge.
  let x = pad;
  const place = (width: number) => {
    if (x + width > canvas.width - pad) {
      x = pad;
      y += legendRow;
    }
  };
  for (const item of parts.lines) {
    const width = 28 * ratio + ctx.measureText(item.label).width + 16 * ratio;
    place(width);
    ctx.strokeStyle = strokeOf(item.style, text);
    ctx.lineWidth = item.style.width * ratio;
    ctx.setLineDash((item.style.dash ?? []).map((d) => d * ratio));
    ctx.beginPath();
    ctx.moveTo(x, y + 7 * ratio);
    ctx.lineTo(x + 22 * ratio, y + 7 * ratio);
    ctx.stroke();
    ctx.fillStyle = text;
    ctx.fillText(item.label, x + 28 * ratio, y);
    x += width;
  }
  ctx.setLineDash([]);
  x = pad;
  y += legendRow;
  for (const item of parts.swatches) {
    const width = 18 * ratio + ctx.measureText(item.label).width + 16 * ratio;
    place(width);
    ctx.fillStyle = item.colour;
    ctx.fillRect(x, y + 1 * ratio, 12 * ratio, 12 * ratio);
    ctx.fillStyle = text;
    ctx.fillText(item.label, x + 18 * ratio, y);
    x += width;
  }
  return canvas;
}
