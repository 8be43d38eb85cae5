/** The sweep's self-contained HTML page: two Pareto plots (LUT, DSP), the target's answer, the front and all points as tables. */
import { escapeHtml } from '../../report/html/escape-html.js';
import { formatCount } from '../../report/html/number-format.js';
import { PAGE_STYLE } from '../../report/html/page-style.js';
import { describePoint, type ExploreSummary, type Row } from '../explore-summary.js';
import { paretoSvg } from './pareto-svg.js';

function table(rows: readonly Row[], layers: readonly string[] | undefined, chosen: string | undefined, cls: string): string {
  const head = ['design', 'accuracy', 'LUT', 'FF', 'DSP', 'latency', 'II', 'Yosys LUT', 'Yosys DSP', 'front'];
  const body = rows.map((r) => {
    const y = r.result.yosys;
    const cells = [
      escapeHtml(describePoint(r.point, layers)),
      r.result.accuracy.toFixed(4),
      formatCount(r.result.luts),
      formatCount(r.result.ffs),
      formatCount(r.result.dsps),
      String(r.result.latency),
      String(r.result.ii),
      y ? formatCount(y.luts) : '',
      y ? formatCount(y.dsps) : '',
      r.front ? '★' : '',
    ];
    return `<tr${r.key === chosen ? ' class="chosen"' : ''} data-key="${r.key}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<div class="scroll"><table class="${cls}"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table></div>`;
}

function targetSection(s: ExploreSummary, layers: readonly string[] | undefined): string {
  if (!s.target) return '';
  const a = s.target.answer;
  const what = escapeHtml(s.target.text);
  if (a.met) return `<section id="target"><h2>Target</h2><p class="met">Smallest design with ${what}: <b>${escapeHtml(describePoint(a.best.point, layers))}</b> (accuracy ${a.best.result.accuracy.toFixed(4)}, ${formatCount(a.best.result.luts)} LUT, ${formatCount(a.best.result.dsps)} DSP, ${a.best.result.latency} cycles).</p></section>`;
  const closest = a.closest ? ` The closest point is <b>${escapeHtml(describePoint(a.closest.point, layers))}</b>: ${escapeHtml(a.violations.join('; '))}.` : '';
  return `<section id="target"><h2>Target</h2><p class="unmet">No explored design meets ${what}.${closest}</p></section>`;
}

export function renderExplorePage(s: ExploreSummary): string {
  const layers = s.space.layers;
  const chosen = s.target ? (s.target.answer.met ? s.target.answer.best.key : s.target.answer.closest?.key) : undefined;
  const plot = (metric: 'luts' | 'dsps', label: string): string =>
    paretoSvg(
      label,
      s.rows.map((r) => ({ x: r.result[metric], accuracy: r.result.accuracy, front: r.front, chosen: r.key === chosen, label: `${describePoint(r.point, layers)}: accuracy ${r.result.accuracy.toFixed(4)}, ${formatCount(r.result[metric])} ${label}` })),
    );
  const front = s.rows.filter((r) => r.front).sort((a, b) => b.result.accuracy - a.result.accuracy);
  const failures =
    s.failures.length === 0
      ? ''
      : `<section id="failed"><h2>Points that could not be built (${s.failures.length})</h2><ul>${s.failures.map((f) => `<li>${escapeHtml(describePoint(f.point, layers))}: ${escapeHtml(f.error)}</li>`).join('')}</ul></section>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>fixflow explore: ${escapeHtml(s.model)}</title>
<style>${PAGE_STYLE}
table { border-collapse: collapse; font-size: 0.9em; } td, th { padding: 2px 8px; border-bottom: 1px solid #eee; text-align: right; } td:first-child { text-align: left; }
tr.chosen { background: #e8f4ea; } .plots { display: flex; flex-wrap: wrap; gap: 16px; } .unmet { color: #d55e00; }</style></head>
<body><header><h1>Design-space exploration: ${escapeHtml(s.model)}</h1>
<p class="meta">${s.rows.length + s.failures.length} points (${s.computed} computed in this run, ${s.reused} from the database), ${front.length} on the Pareto front (accuracy against LUT and DSP). Resources are cost-model estimates; latency is exact.</p></header>
${targetSection(s, layers)}
<section id="pareto"><h2>Pareto front</h2><div class="plots">${plot('luts', 'LUT')}${plot('dsps', 'DSP')}</div>
${table(front, layers, chosen, 'front')}</section>
<section id="all"><h2>All points</h2>${table(s.rows, layers, chosen, 'all')}</section>
${failures}
</body></html>
`;
}
