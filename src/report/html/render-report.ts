/**
 * `renderReport`: one self-contained HTML page per compiled design. No
 * scripts, no external resources (a Content-Security-Policy forbids them),
 * plots as inline SVG. Deterministic: the same input gives the same bytes;
 * the page carries no timestamp unless `generated` is given.
 */
import { checkReportInput } from './check-input.js';
import { escapeHtml } from './escape-html.js';
import { layerTable } from './layer-table.js';
import { formatCount, formatPercent } from './number-format.js';
import { PAGE_STYLE } from './page-style.js';
import { profileSection } from './profile-section.js';
import type { AccuracyReport, ReportInput } from './report-input.js';
import { accuracySvg } from './svg-accuracy.js';
import { confusionLegend, confusionSvg } from './svg-confusion.js';
import { METRIC_LABELS, resourceLegend, resourceSvg, type ResourceMetric } from './svg-resources.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function section(id: string, title: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

function accuracySection(a: AccuracyReport): string {
  const diff = 100 * (a.fixed - a.float);
  const facts = [
    ['data set', escapeHtml(a.dataset)],
    ['samples', formatCount(a.samples)],
    ['float accuracy', formatPercent(a.float)],
    ['fixed-point accuracy (simulated, bit-exact)', formatPercent(a.fixed)],
    ['fixed − float', `${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(2)} points`],
  ];
  if (a.agreement !== undefined) facts.push(['same class as float', formatPercent(a.agreement)]);
  const dl = `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
  const plots =
    `<div class="plots"><figure>${accuracySvg(a)}<figcaption>accuracy</figcaption></figure>` +
    `<figure>${confusionSvg(a.floatConfusion, a.labels, `Confusion matrix of the float model on ${a.dataset}`, 'float')}<figcaption>float model</figcaption></figure>` +
    `<figure>${confusionSvg(a.fixedConfusion, a.labels, `Confusion matrix of the fixed-point design on ${a.dataset}`, 'fixed')}<figcaption>fixed-point design (simulated)</figcaption></figure></div>`;
  return dl + plots + confusionLegend();
}

function resourceSection(input: ReportInput): string | null {
  const res = input.resources ?? [];
  if (res.length === 0) return null;
  const layers = input.design.layers.map((l) => ({ name: l.name, label: l.source }));
  const metrics = Object.keys(METRIC_LABELS) as ResourceMetric[];
  const charts = metrics
    .map((m) => {
      const svg = resourceSvg(m, layers, res);
      return svg === null ? null : `<figure>${svg}<figcaption>${escapeHtml(METRIC_LABELS[m])}</figcaption></figure>`;
    })
    .filter((s): s is string => s !== null);
  return resourceLegend(res) + `<div class="plots">${charts.join('\n')}</div>`;
}

export function renderReport(input: ReportInput): string {
  checkReportInput(input);
  const d = input.design;
  const title = input.title ?? `fixflow report: ${d.name}`;
  const facts = [
    `design <code>${escapeHtml(d.name)}</code>`,
    `${formatCount(d.layers.length)} layers`,
    `${formatCount(d.params)} parameters (${formatCount(d.nonzero)} nonzero)`,
    `${formatCount(d.macs)} MACs per inference`,
    `${formatCount(d.weightBits)} weight bits`,
  ];
  if (input.accuracy) facts.push(`fixed-point accuracy ${formatPercent(input.accuracy.fixed)} (float ${formatPercent(input.accuracy.float)})`);
  const generated = input.generated === undefined ? '' : `<p class="meta"><small>${escapeHtml(input.generated)}</small></p>`;

  const sections: { id: string; title: string; body: string }[] = [];
  if (input.accuracy) sections.push({ id: 'accuracy', title: 'Accuracy: float model vs fixed-point design', body: accuracySection(input.accuracy) });
  sections.push({ id: 'layers', title: 'Layers', body: layerTable(input) });
  const res = resourceSection(input);
  if (res !== null) sections.push({ id: 'resources', title: 'Resources per layer', body: res });
  if (input.profile && input.profile.length > 0) {
    sections.push({ id: 'overflow', title: 'Overflow profile', body: profileSection(d.layers, input.profile, input.profileSamples) });
  }
  const nav = `<nav>${sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title.replace(/:.*$/, ''))}</a>`).join('')}</nav>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">${facts.join(' · ')}</p>${generated}${nav}</header>`,
    ...sections.map((s) => section(s.id, s.title, s.body)),
    '<footer class="note">Made by fixflow. Fixed-point figures come from the bit-accurate simulator, the executable spec that the generated C++ and Verilog match bit for bit.</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
