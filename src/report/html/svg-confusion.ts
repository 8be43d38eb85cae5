/**
 * A confusion matrix as a heat map: rows are true classes, columns the
 * predicted ones; a cell's shade is its share of the row (the class's
 * recall on the diagonal), its text the exact count.
 */
import { escapeHtml } from './escape-html.js';
import { formatCount, formatPercent } from './number-format.js';
import { COLORS, heat } from './palette.js';
import { clip, rect, svgDocument, text } from './svg-elements.js';

export function confusionSvg(matrix: readonly (readonly number[])[], labels: readonly string[], title: string, kind: string): string {
  const n = labels.length;
  const cell = Math.max(14, Math.min(30, Math.floor(340 / Math.max(1, n))));
  const shown = labels.map((l) => clip(l, 14));
  const labelW = 14 + 6 * Math.max(1, ...shown.map((l) => [...l].length));
  const left = labelW + 18;
  const top = 8;
  const width = left + n * cell + 8;
  const height = top + n * cell + labelW * 0.75 + 22;
  const body: string[] = [];
  const showCounts = n <= 16;
  for (let t = 0; t < n; t++) {
    const row = matrix[t] ?? [];
    const total = row.reduce((a, b) => a + b, 0);
    const cy = top + t * cell;
    body.push(text({ x: left - 4, y: cy + cell / 2 + 3, text: shown[t] ?? '', anchor: 'end', size: 10, fill: COLORS.ink }));
    for (let p = 0; p < n; p++) {
      const c = row[p] ?? 0;
      const share = total > 0 ? c / total : 0;
      const cx = left + p * cell;
      const tip = `true ${labels[t] ?? ''}, predicted ${labels[p] ?? ''}: ${formatCount(c)} (${formatPercent(share, 1)} of the class)`;
      body.push(rect({ x: cx, y: cy, w: cell, h: cell, fill: heat(share), stroke: t === p ? COLORS.axis : COLORS.grid, cls: 'cell', tip }));
      if (showCounts && c > 0) {
        body.push(text({ x: cx + cell / 2, y: cy + cell / 2 + 3, text: formatCount(c), anchor: 'middle', size: cell >= 30 ? 10 : 8, fill: share > 0.5 ? '#ffffff' : COLORS.ink }));
      }
    }
  }
  const by = top + n * cell + 6;
  for (let p = 0; p < n; p++) {
    const cx = left + p * cell + cell / 2;
    body.push(text({ x: cx, y: by, text: shown[p] ?? '', anchor: 'end', size: 10, fill: COLORS.ink, rotate: -45 }));
  }
  body.push(text({ x: left + (n * cell) / 2, y: height - 4, text: 'predicted class', anchor: 'middle', size: 10, fill: COLORS.axis }));
  body.push(text({ x: 10, y: top + (n * cell) / 2, text: 'true class', anchor: 'middle', size: 10, fill: COLORS.axis, rotate: -90 }));
  return svgDocument({ width, height, cls: `plot confusion ${kind}`, title, attrs: `data-classes="${n}"`, body });
}

/** Column-free description of the heat map's colour scale (HTML). */
export function confusionLegend(): string {
  const stops = [0, 0.25, 0.5, 0.75, 1]
    .map((t, i) => `<rect x="${i * 24}" width="24" height="10" fill="${heat(t)}"/>`)
    .join('');
  return `<p class="legend"><span class="key"><svg width="120" height="10" aria-hidden="true">${stops}</svg> ${escapeHtml('share of the true class: 0 → 100%')}</span></p>`;
}
