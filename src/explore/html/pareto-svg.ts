/**
 * The Pareto plot: accuracy (y) against a cost (x: LUTs or DSPs), every
 * point a dot (large and orange on the three-axis front), the plot's own
 * accuracy-against-cost front joined by a line; built on the
 * report's SVG helpers (src/report/html/svg-elements.ts).
 */
import { COLORS } from '../../report/html/palette.js';
import { formatCount } from '../../report/html/number-format.js';
import { coord, line, svgDocument, text } from '../../report/html/svg-elements.js';
import { escapeHtml } from '../../report/html/escape-html.js';

export interface PlotPoint {
  readonly x: number;
  readonly accuracy: number;
  readonly front: boolean;
  readonly chosen: boolean;
  readonly label: string;
}

const W = 560;
const H = 340;
const M = { l: 64, r: 40, t: 16, b: 48 };

export function paretoSvg(metric: string, pts: readonly PlotPoint[]): string {
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.accuracy);
  const x0 = 0;
  const x1 = Math.max(1, ...xs) * 1.05;
  const y0 = Math.max(0, Math.min(1, ...ys) - 0.02);
  const y1 = Math.min(1, Math.max(0, ...ys) + 0.02);
  const sx = (v: number): number => M.l + ((v - x0) / (x1 - x0)) * (W - M.l - M.r);
  const sy = (v: number): number => H - M.b - ((v - y0) / Math.max(1e-9, y1 - y0)) * (H - M.t - M.b);
  const body: string[] = [];
  body.push(line(M.l, H - M.b, W - M.r, H - M.b, COLORS.axis), line(M.l, M.t, M.l, H - M.b, COLORS.axis));
  for (let k = 0; k <= 4; k++) {
    const xv = x0 + ((x1 - x0) * k) / 4;
    const yv = y0 + ((y1 - y0) * k) / 4;
    body.push(text({ x: sx(xv), y: H - M.b + 16, text: formatCount(Math.round(xv)), anchor: 'middle', size: 11, fill: COLORS.axis }));
    body.push(text({ x: M.l - 6, y: sy(yv) + 4, text: yv.toFixed(3), anchor: 'end', size: 11, fill: COLORS.axis }));
    body.push(line(M.l, sy(yv), W - M.r, sy(yv), COLORS.grid, true));
  }
  body.push(text({ x: (M.l + W - M.r) / 2, y: H - 8, text: metric, anchor: 'middle', size: 12 }));
  body.push(text({ x: 14, y: (M.t + H - M.b) / 2, text: 'accuracy', anchor: 'middle', size: 12, rotate: -90 }));
  // the line is this plot's own two-axis front (a staircase); dots mark the three-axis front (accuracy, LUT, DSP)
  const front: PlotPoint[] = [];
  for (const p of [...pts].sort((a, b) => a.x - b.x || b.accuracy - a.accuracy)) {
    if (front.length === 0 || p.accuracy > (front[front.length - 1] as PlotPoint).accuracy) front.push(p);
  }
  if (front.length > 1) {
    const d = front.map((p, i) => `${i === 0 ? 'M' : 'L'}${coord(sx(p.x))} ${coord(sy(p.accuracy))}`).join(' ');
    body.push(`<path class="front" d="${d}" fill="none" stroke="${COLORS.overflow}" stroke-width="1.5"/>`);
  }
  for (const p of pts) {
    const fill = p.chosen ? COLORS.agreement : p.front ? COLORS.overflow : COLORS.fixed;
    const r = p.front || p.chosen ? 4.5 : 3;
    body.push(`<circle class="${p.front ? 'pt front' : 'pt'}" cx="${coord(sx(p.x))}" cy="${coord(sy(p.accuracy))}" r="${r}" fill="${fill}" fill-opacity="0.8"><title>${escapeHtml(p.label)}</title></circle>`);
  }
  return svgDocument({ width: W, height: H, cls: 'plot pareto', title: `accuracy against ${metric}`, body });
}
