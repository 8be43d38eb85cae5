/**
 * The per-layer table: types, parameters, MACs, sparsity, and where present
 * the rank, the stated error bound, the observed overflows and the resource
 * figures of each source. A column appears only when some layer has data
 * for it.
 */
import type { TensorProfile } from '../../../sim/profile.js';
import type { LayerBound } from '../error-bound.js';
import type { LayerSummary } from '../summary.js';
import { escapeHtml } from './escape-html.js';
import { formatCount, formatPercent, formatReal } from './number-format.js';
import type { DesignResources, LayerRank, LayerResources, ReportInput, ResourceSource } from './report-input.js';
import { METRIC_LABELS, RESOURCE_SOURCES, type ResourceMetric } from './svg-resources.js';

interface Column {
  readonly head: string;
  /** cell HTML (already escaped) */
  readonly cell: (l: LayerSummary, index: number) => string;
  readonly total?: string;
  readonly numeric?: boolean;
}

const METRICS: readonly ResourceMetric[] = ['lut', 'ff', 'dsp', 'bram', 'latency', 'ii'];
const SOURCE_ABBREV: Readonly<Record<ResourceSource, string>> = { estimate: 'est.', yosys: 'Yosys' };

/** A type spelling in code font, breakable after its commas so the table can narrow. */
function code(s: string | undefined): string {
  return s === undefined ? '' : `<code>${escapeHtml(s).replace(/,/g, ',<wbr>')}</code>`;
}

/** Layer cell: the source name, and the identifier used in the generated code when it differs. */
export function layerCell(l: LayerSummary): string {
  const src = `<span class="src">${escapeHtml(l.source)}</span>`;
  return l.source === l.name ? src : `${src}<br><code class="id">${escapeHtml(l.name)}</code>`;
}

function overflowCell(entries: readonly TensorProfile[], index: number): string {
  if (entries.length === 0) return '';
  const over = entries.reduce((a, t) => a + t.overflows, 0);
  const count = entries.reduce((a, t) => a + t.count, 0);
  const text = over > 0 ? `${formatCount(over)}<br>(${formatPercent(over / Math.max(1, count))})` : '0';
  return `<a href="#prof-${index}"${over > 0 ? ' class="warn"' : ''}>${text}</a>`;
}

function boundCell(b: LayerBound | undefined): string {
  if (!b) return '';
  const text = formatReal(b.error);
  return b.overflowPossible ? `<span class="warn" title="a value could overflow its type">${text} ⚠</span>` : text;
}

/** Sum of a metric over layers, or '' when some layer lacks it. */
function metricTotal(layers: readonly LayerSummary[], res: readonly LayerResources[], source: ResourceSource, m: ResourceMetric): string {
  if (m === 'latency' || m === 'ii') return '';
  let sum = 0;
  for (const l of layers) {
    const v = res.find((r) => r.layer === l.name && r.source === source)?.[m];
    if (v !== undefined) sum += v;
  }
  return formatCount(sum);
}

function designTotal(design: readonly DesignResources[] | undefined, source: ResourceSource, m: ResourceMetric): string | undefined {
  const v = design?.find((d) => d.source === source)?.[m];
  return v === undefined ? undefined : formatCount(v);
}

function columns(input: ReportInput): Column[] {
  const d = input.design;
  const layers = d.layers;
  const cols: Column[] = [
    { head: 'layer', cell: layerCell, total: '<b>total</b>' },
    { head: 'op', cell: (l) => escapeHtml(l.op) },
    { head: 'shape', cell: (l) => escapeHtml(`[${l.shape.join('×')}]`) },
    { head: 'result type', cell: (l) => code(l.type) },
  ];
  if (layers.some((l) => l.weightType !== undefined)) cols.push({ head: 'weight type', cell: (l) => code(l.weightType) });
  if (layers.some((l) => l.accType !== undefined)) cols.push({ head: 'accumulator', cell: (l) => code(l.accType) });
  if (layers.some((l) => l.reuseFactor !== undefined)) cols.push({ head: 'RF', cell: (l) => (l.reuseFactor === undefined ? '' : String(l.reuseFactor)), numeric: true });
  const withParams = (f: (l: LayerSummary) => string) => (l: LayerSummary) => (l.params > 0 ? f(l) : '');
  cols.push(
    { head: 'params', cell: withParams((l) => formatCount(l.params)), total: formatCount(d.params), numeric: true },
    { head: 'sparsity', cell: withParams((l) => formatPercent(l.sparsity, 1)), numeric: true },
    { head: 'MACs', cell: withParams((l) => formatCount(l.macs)), total: formatCount(d.macs), numeric: true },
    { head: 'weight bits', cell: withParams((l) => formatCount(l.weightBits)), total: formatCount(d.weightBits), numeric: true },
  );
  const ranks: readonly LayerRank[] = input.ranks ?? [];
  if (ranks.length > 0) cols.push({ head: 'rank', cell: (l) => String(ranks.find((r) => r.layer === l.name)?.rank ?? ''), numeric: true });
  const bounds = input.errorBounds;
  if (bounds && bounds.length > 0) cols.push({ head: 'error bound', cell: (l) => boundCell(bounds.find((b) => b.layer === l.name)), numeric: true });
  const profile = input.profile;
  if (profile && profile.length > 0) {
    const total = profile.reduce((a, t) => a + t.overflows, 0);
    cols.push({ head: 'overflows', cell: (l, i) => overflowCell(profile.filter((t) => t.layer === l.name), i), total: formatCount(total), numeric: true });
  }
  // one column per metric; when both sources have figures the cell reads "estimate / yosys"
  const res = input.resources ?? [];
  for (const m of METRICS) {
    const sources = RESOURCE_SOURCES.filter((src) => res.some((r) => r.source === src && r[m] !== undefined) || designTotal(input.designResources, src, m) !== undefined);
    if (sources.length === 0) continue;
    const each = (f: (src: ResourceSource) => string): string => {
      const parts = sources.map(f);
      return parts.every((p) => p === '') ? '' : parts.map((p) => (p === '' ? '–' : p)).join(' / ');
    };
    cols.push({
      head: `${METRIC_LABELS[m].replace(/ \(cycles\)$/, '')}<br><small>${sources.map((src) => SOURCE_ABBREV[src]).join(' / ')}</small>`,
      cell: (l) =>
        each((src) => {
          const v = res.find((r) => r.layer === l.name && r.source === src)?.[m];
          return v === undefined ? '' : formatCount(v);
        }),
      total: each((src) => designTotal(input.designResources, src, m) ?? metricTotal(layers, res, src, m)),
      numeric: true,
    });
  }
  return cols;
}

export function layerTable(input: ReportInput): string {
  const cols = columns(input);
  const head = cols.map((c) => `<th${c.numeric ? ' class="num"' : ''}>${c.head}</th>`).join('');
  const rows = input.design.layers.map(
    (l, i) => `<tr id="layer-${i}">${cols.map((c) => `<td${c.numeric ? ' class="num"' : ''}>${c.cell(l, i)}</td>`).join('')}</tr>`,
  );
  const total = `<tr class="total">${cols.map((c) => `<td${c.numeric ? ' class="num"' : ''}>${c.total ?? ''}</td>`).join('')}</tr>`;
  return `<div class="scroll"><table class="layers">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n${total}\n</tbody></table></div>`;
}
