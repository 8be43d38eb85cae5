/** Resource bar charts: one chart per metric, one bar per layer and source (estimate, Yosys). */
import type { LayerResources, ResourceFigures, ResourceSource } from './report-input.js';
import { formatCount } from './number-format.js';
import { COLORS } from './palette.js';
import { clip, rect, svgDocument, text } from './svg-elements.js';

export type ResourceMetric = keyof ResourceFigures;

export const METRIC_LABELS: Readonly<Record<ResourceMetric, string>> = {
  lut: 'LUT',
  ff: 'FF',
  dsp: 'DSP',
  bram: 'BRAM',
  latency: 'latency (cycles)',
  ii: 'II (cycles)',
};

export const RESOURCE_SOURCES: readonly ResourceSource[] = ['estimate', 'yosys'];

const SOURCE_COLOR: Readonly<Record<ResourceSource, string>> = { estimate: COLORS.estimate, yosys: COLORS.yosys };

export interface LabelledLayer {
  /** the dataflow node's name */
  readonly name: string;
  /** what to show for it */
  readonly label: string;
}

/** One metric across layers; null when no layer has a figure for it. */
export function resourceSvg(metric: ResourceMetric, layers: readonly LabelledLayer[], resources: readonly LayerResources[]): string | null {
  const value = (layer: string, source: ResourceSource): number | undefined => resources.find((r) => r.layer === layer && r.source === source)?.[metric];
  const sources = RESOURCE_SOURCES.filter((s) => layers.some((l) => value(l.name, s) !== undefined));
  const rows = layers.filter((l) => sources.some((s) => value(l.name, s) !== undefined));
  if (rows.length === 0) return null;
  const max = Math.max(1, ...rows.flatMap((l) => sources.map((s) => value(l.name, s) ?? 0)));
  const shown = rows.map((l) => clip(l.label, 18));
  const left = 16 + 6 * Math.max(...shown.map((s) => [...s].length));
  const plotW = 300;
  const barH = 12;
  const groupH = sources.length * barH + 8;
  const top = 6;
  const width = left + plotW + 70;
  const height = top + rows.length * groupH + 6;
  const body: string[] = [];
  rows.forEach((l, r) => {
    const gy = top + r * groupH;
    body.push(text({ x: left - 6, y: gy + (sources.length * barH) / 2 + 4, text: shown[r] ?? '', anchor: 'end', size: 10, fill: COLORS.ink }));
    sources.forEach((s, k) => {
      const v = value(l.name, s);
      if (v === undefined) return;
      const w = (plotW * v) / max;
      const y = gy + k * barH;
      body.push(rect({ x: left, y, w, h: barH - 2, fill: SOURCE_COLOR[s], cls: `bar ${s}`, tip: `${l.label}, ${METRIC_LABELS[metric]} (${s}): ${formatCount(v)}` }));
      body.push(text({ x: left + w + 4, y: y + barH - 3, text: formatCount(v), size: 9, fill: COLORS.ink }));
    });
  });
  return svgDocument({ width, height, cls: 'plot resources', title: `${METRIC_LABELS[metric]} per layer (${sources.join(', ')})`, attrs: `data-metric="${metric}"`, body });
}

export function resourceLegend(resources: readonly LayerResources[]): string {
  const present = RESOURCE_SOURCES.filter((s) => resources.some((r) => r.source === s));
  const names: Readonly<Record<ResourceSource, string>> = { estimate: 'cost-model estimate', yosys: 'Yosys synthesis' };
  return `<p class="legend">${present
    .map((s) => `<span class="key"><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${SOURCE_COLOR[s]}"/></svg> ${names[s]}</span>`)
    .join(' ')}</p>`;
}
