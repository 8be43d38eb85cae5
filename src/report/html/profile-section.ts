/**
 * The overflow profile section: per layer, one histogram per cast point
 * (product, accumulator, sum, result) with the numbers under it, and a
 * compact table of all of them.
 */
import type { TensorKind, TensorProfile } from '../../../sim/profile.js';
import type { LayerSummary } from '../summary.js';
import { escapeHtml } from './escape-html.js';
import { layerCell } from './layer-table.js';
import { formatCount, formatLimit, formatPercent, formatReal } from './number-format.js';
import { histogramLegend, histogramSvg, rangeMin } from './svg-histogram.js';

const TENSOR_NAMES: Readonly<Record<TensorKind, string>> = {
  product: 'products',
  accum: 'accumulator',
  sum: 'sum',
  result: 'result',
};

function overflowText(t: TensorProfile): string {
  return t.overflows > 0 ? `<span class="warn">${formatCount(t.overflows)} (${formatPercent(t.overflows / Math.max(1, t.count))})</span>` : '0';
}

function range(min: number, max: number, format = formatReal): string {
  return escapeHtml(`[${format(min)}, ${format(max)}]`);
}

function figure(t: TensorProfile): string {
  const name = TENSOR_NAMES[t.tensor] ?? escapeHtml(String(t.tensor));
  const caption =
    `<b>${name}</b> → <code>${escapeHtml(t.type)}</code>: ${formatCount(t.count)} values, overflows ${overflowText(t)}; ` +
    `observed ${range(t.observedMin, t.observedMax)}, type ${range(rangeMin(t), t.typeMax, formatLimit)}, integer bits needed ${t.suggestedInt}`;
  return `<figure class="hist">${histogramSvg(t)}<figcaption>${caption}</figcaption></figure>`;
}

export function profileSection(layers: readonly LayerSummary[], profile: readonly TensorProfile[], samples: number | undefined): string {
  const parts: string[] = [];
  const on = samples === undefined ? '' : ` on ${formatCount(samples)} samples`;
  parts.push(
    `<p>Exact values at every cast point of the simulated design${on}, before the cast, against the range of the type they are cast to. ` +
      `An overflow is a value whose quantized code falls outside the type (then wrapped, saturated or zeroed as the type says).</p>`,
  );
  parts.push(histogramLegend());
  const rows = profile.map(
    (t) =>
      `<tr><td>${escapeHtml(t.source)}</td><td>${TENSOR_NAMES[t.tensor] ?? escapeHtml(String(t.tensor))}</td><td><code>${escapeHtml(t.type)}</code></td>` +
      `<td class="num">${formatCount(t.count)}</td><td class="num">${overflowText(t)}</td><td>${range(t.observedMin, t.observedMax)}</td>` +
      `<td>${range(rangeMin(t), t.typeMax, formatLimit)}</td><td class="num">${t.suggestedInt}</td></tr>`,
  );
  parts.push(
    `<div class="scroll"><table class="profile">\n<thead><tr><th>layer</th><th>cast point</th><th>type</th><th class="num">values</th><th class="num">overflows</th>` +
      `<th>observed</th><th>type range</th><th class="num">integer bits needed</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table></div>`,
  );
  layers.forEach((l, i) => {
    const entries = profile.filter((t) => t.layer === l.name);
    if (entries.length === 0) return;
    const over = entries.some((t) => t.overflows > 0) ? ' <span class="badge warn">overflows</span>' : '';
    parts.push(`<div class="layer-profile" id="prof-${i}"><h3>${layerCell(l)} <small>${escapeHtml(l.op)}</small>${over}</h3>\n${entries.map(figure).join('\n')}\n</div>`);
  });
  return parts.join('\n');
}
