/** Accuracy bars: the float model against the simulated fixed-point design (and their agreement). */
import type { AccuracyReport } from './report-input.js';
import { formatPercent } from './number-format.js';
import { COLORS } from './palette.js';
import { line, rect, svgDocument, text } from './svg-elements.js';

export function accuracySvg(acc: AccuracyReport): string {
  const bars: { label: string; value: number; color: string }[] = [
    { label: 'float', value: acc.float, color: COLORS.float },
    { label: 'fixed (simulated)', value: acc.fixed, color: COLORS.fixed },
  ];
  if (acc.agreement !== undefined) bars.push({ label: 'fixed = float', value: acc.agreement, color: COLORS.agreement });
  const padL = 40;
  const top = 22;
  const plotH = 140;
  const bw = 56;
  const gap = 30;
  const width = padL + bars.length * (bw + gap) + 8;
  const height = top + plotH + 30;
  const base = top + plotH;
  const y = (v: number): number => base - plotH * Math.min(1, Math.max(0, v));
  const body: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = k / 4;
    body.push(line(padL, y(v), width - 8, y(v), COLORS.grid));
    body.push(text({ x: padL - 4, y: y(v) + 3, text: `${k * 25}%`, anchor: 'end', size: 9, fill: COLORS.axis }));
  }
  bars.forEach((b, i) => {
    const x = padL + gap / 2 + i * (bw + gap);
    const pct = formatPercent(b.value);
    body.push(rect({ x, y: y(b.value), w: bw, h: base - y(b.value), fill: b.color, cls: 'bar', tip: `${b.label}: ${pct}` }));
    body.push(text({ x: x + bw / 2, y: y(b.value) - 5, text: pct, anchor: 'middle', size: 11, fill: COLORS.ink, weight: 'bold' }));
    body.push(text({ x: x + bw / 2, y: base + 16, text: b.label, anchor: 'middle', size: 10, fill: COLORS.ink }));
  });
  body.push(line(padL, base, width - 8, base, COLORS.axis));
  return svgDocument({ width, height, cls: 'plot accuracy', title: `Accuracy on ${acc.dataset}: float ${formatPercent(acc.float)}, fixed ${formatPercent(acc.fixed)}`, body });
}
