/**
 * renderReport and buildReportInput without a browser: determinism, escaping
 * of hostile names, columns and plots only where data is present, accuracy
 * figures against an independent run of the simulator, ranks of low-rank
 * layers, histogram bins against the type's range, coded errors.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/core/diagnostics.js';
import { factorizeDense } from '../../src/compress/lowrank/factorize-dense.js';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, imageRows, readFashionMnist } from '../../src/datasets/fashion-mnist.js';
import { importTfjs } from '../../src/frontends/tfjs/index.js';
import { parseType, realRange } from '../../src/fixed/fixed-type.js';
import { errorBounds } from '../../src/report/error-bound.js';
import { buildReportInput, classesFromScores, inferRanks, renderReport, yosysResources, type ReportInput } from '../../src/report/html/index.js';
import { formatCount, formatLimit, formatPercent, formatReal, powerOfTwo } from '../../src/report/html/number-format.js';
import { binStatus, histogramLayout, histogramSvg, rangeMin } from '../../src/report/html/svg-histogram.js';
import type { TensorProfile } from '../../sim/profile.js';
import { summarizeDesign } from '../../src/report/summary.js';
import { evaluateGraph } from '../../sim/float-reference.js';
import { quantizeInputs, simulateRaw } from '../../sim/simulate.js';
import { mlpGraph } from '../helpers/models.js';
import { compile, HOSTILE, smallClassifier, syntheticSet } from './helpers/designs.js';

const CLASSES = ['alpha', 'beta', 'gamma', 'delta'];

/**
 * The page's markup: every `<` must open a well-formed tag whose attributes
 * are all double-quoted (as the renderer writes them); returns the tag and
 * attribute names. Escaped model text contributes no `<`, so an injected
 * element or attribute would show up here or break the parse.
 */
function markup(html: string): { tags: Set<string>; attrs: Set<string> } {
  const tags = new Set<string>();
  const attrs = new Set<string>();
  const tag = /<(?:!DOCTYPE html|\/[a-zA-Z][a-zA-Z0-9-]*|([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*(?:="[^"<>]*")?)*)\s*\/?)>/gy;
  let at = 0;
  for (;;) {
    const next = html.indexOf('<', at);
    if (next < 0) break;
    tag.lastIndex = next;
    const m = tag.exec(html);
    if (!m) throw new Error(`not a tag at ${next}: ${html.slice(next, next + 80)}`);
    if (m[1]) tags.add(m[1].toLowerCase());
    for (const a of (m[2] ?? '').matchAll(/\s+([a-zA-Z][a-zA-Z0-9:-]*)(?:="[^"]*")?/g)) attrs.add(a[1] ?? '');
    at = tag.lastIndex;
  }
  return { tags, attrs };
}

const ALLOWED_ATTRS = new Set(
  'lang charset http-equiv content name rel href class id xmlns role width height viewBox x y x1 y1 x2 y2 fill stroke stroke-dasharray text-anchor font-size font-weight transform aria-hidden data-layer data-tensor data-overflows data-classes data-metric title'.split(
    ' ',
  ),
);

const ALLOWED_TAGS = new Set(
  'html head meta link title style body header h1 h2 h3 p nav a section div table thead tbody tr th td code br wbr small span b dl dt dd figure figcaption footer svg rect line text'.split(' '),
);

function smallReport(hostile: boolean, extra: Partial<ReportInput> = {}): { html: string; input: ReportInput } {
  const g = smallClassifier(hostile);
  const df = compile(g);
  const set = syntheticSet(g, hostile ? HOSTILE.slice(0, 4) : CLASSES, 400);
  const input = { ...buildReportInput(df, { ...set, ...(hostile ? { title: HOSTILE[0], generated: HOSTILE[1] } : {}) }), ...extra };
  return { html: renderReport(input), input };
}

describe('renderReport', () => {
  it('is deterministic: the same design and data give the same bytes, with no timestamp unless given', () => {
    const a = smallReport(false).html;
    const b = smallReport(false).html;
    expect(a).toBe(b);
    expect(a).not.toMatch(/20\d\d-\d\d-\d\d/);
    const { input } = smallReport(false);
    expect(renderReport({ ...input, generated: 'generated 2030-01-02' })).toContain('generated 2030-01-02');
  });

  it('is self-contained: no script, no external reference, a CSP that forbids loading anything', () => {
    const { html } = smallReport(false);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)="(?!#|data:)/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`);
  });

  it('escapes hostile layer, class, design, data-set and title strings: no injected element or attribute', () => {
    const { html, input } = smallReport(true, {});
    const { tags, attrs } = markup(html);
    expect([...tags].filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
    expect([...attrs].filter((a) => !ALLOWED_ATTRS.has(a))).toEqual([]);
    expect(tags.has('svg') && attrs.has('data-layer')).toBe(true);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('x&#39; onmouseover=&#39;alert(4)');
    expect(html).toContain('&amp;lt;b&amp;gt;'); // an entity in a name is shown as typed, not decoded
    expect(html).toContain('\uFFFD'); // the BEL control character is replaced
    expect(html).not.toContain('\u0007');
    // the sanitized identifiers are shown next to the source names
    for (const l of input.design.layers) expect(l.name).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    expect(html).toContain('script_alert_1_script_dense_3');
  });

  it('draws one histogram per profiled cast point, the accuracy bars and both confusion heat maps', () => {
    const { html, input } = smallReport(false);
    const profile = input.profile ?? [];
    expect(profile.length).toBeGreaterThanOrEqual(input.design.layers.length);
    expect(html.match(/<svg [^>]*class="plot hist"/g)?.length).toBe(profile.length);
    expect(html.match(/class="plot accuracy"/g)?.length).toBe(1);
    expect(html.match(/class="plot confusion float"/g)?.length).toBe(1);
    expect(html.match(/class="plot confusion fixed"/g)?.length).toBe(1);
    expect(html.match(/<rect class="cell"/g)?.length).toBe(2 * CLASSES.length ** 2);
    // bars out of range exist exactly where the profile saw overflows (narrow types on wide inputs)
    const overflowing = profile.filter((p) => p.overflows > 0);
    expect(overflowing.length).toBeGreaterThan(0);
    expect(html).toMatch(/class="bar (out|edge)"/);
    expect(html).not.toContain('id="resources"');
    expect(html).not.toMatch(/<th[^>]*>LUT/);
    expect(html).not.toMatch(/<th[^>]*>rank/);
  });

  it('shows resource columns and bar charts only for the metrics and sources given', () => {
    const { input } = smallReport(false);
    const dense = input.design.layers.filter((l) => l.op === 'dense');
    const resources = dense.flatMap((l, i) => [
      { layer: l.name, source: 'yosys' as const, lut: 100 + i, dsp: i },
      { layer: l.name, source: 'estimate' as const, lut: 90 + i },
    ]);
    const html = renderReport({ ...input, resources, designResources: [{ source: 'yosys', lut: 1234, latency: 17 }] });
    expect(html).toContain('id="resources"');
    expect(html.match(/class="plot resources"/g)?.length).toBe(2); // LUT and DSP
    expect(html).toContain('data-metric="lut"');
    expect(html).toContain('data-metric="dsp"');
    expect(html).not.toContain('data-metric="ff"');
    expect(html).toMatch(/<th class="num">LUT<br><small>est\. \/ Yosys<\/small><\/th>/);
    expect(html).toMatch(/<th class="num">DSP<br><small>Yosys<\/small><\/th>/);
    expect(html).toMatch(/<th class="num">latency<br><small>Yosys<\/small><\/th>/);
    expect(html).not.toMatch(/<th[^>]*>FF/);
    expect(html).toContain('<td class="num">90 / 100</td>');
    // totals: estimates summed over layers, Yosys from the whole-design figure
    expect(html).toContain('<td class="num">273 / 1,234</td>');
    expect(html).toContain('<td class="num">17</td>');
  });

  it('takes Yosys per-layer and total counts', () => {
    const { input } = smallReport(false);
    const l = input.design.layers[1]?.name ?? '';
    const counts = (k: number) => ({ luts: 10 * k, ffs: 20 * k, dsps: k, brams: 0, carries: 5, muxes: 0, cells: 99 });
    const y = yosysResources({ layers: [{ layer: l, resources: counts(1) }], total: counts(3) });
    expect(y.resources).toEqual([{ layer: l, source: 'yosys', lut: 10, ff: 20, dsp: 1, bram: 0 }]);
    expect(y.designResources).toEqual([{ source: 'yosys', lut: 30, ff: 60, dsp: 3, bram: 0 }]);
    const html = renderReport({ ...input, ...y });
    expect(html).toMatch(/<th class="num">BRAM<br><small>Yosys<\/small><\/th>/);
    expect(html).toContain('<td class="num">60</td>'); // the FF total of the whole design
  });

  it('renders a design alone (no data): table only', () => {
    const df = compile(smallClassifier(false));
    const html = renderReport({ design: summarizeDesign(df) });
    expect(html).toContain('id="layers"');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('id="accuracy"');
    expect(html).not.toContain('id="overflow"');
  });

  it('rejects inconsistent input with coded errors naming field and layer', () => {
    const { input } = smallReport(false);
    const err = (f: () => unknown): CompileError => {
      try {
        f();
      } catch (e) {
        if (e instanceof CompileError) return e;
        throw e;
      }
      throw new Error('no error');
    };
    const e1 = err(() => renderReport({ ...input, resources: [{ layer: 'nope', source: 'yosys', lut: 1 }] }));
    expect([e1.code, e1.layer, e1.field]).toEqual(['FF014', 'nope', 'resources[0].layer']);
    const l0 = input.design.layers[1]?.name ?? '';
    const e2 = err(() => renderReport({ ...input, resources: [{ layer: l0, source: 'yosys', lut: -1 }] }));
    expect([e2.code, e2.layer, e2.field]).toEqual(['FF014', l0, 'resources[0].lut']);
    const acc = input.accuracy;
    if (!acc) throw new Error('no accuracy');
    const e3 = err(() => renderReport({ ...input, accuracy: { ...acc, labels: acc.labels.slice(1) } }));
    expect([e3.code, e3.field]).toEqual(['FF014', 'accuracy.floatConfusion']);
    const e4 = err(() => renderReport({ ...input, accuracy: { ...acc, fixed: 1.5 } }));
    expect(e4.field).toBe('accuracy.fixed');

    const g = smallClassifier(false);
    const df = compile(g);
    const set = syntheticSet(g, CLASSES, 20);
    const e5 = err(() => buildReportInput(df, { ...set, data: { ...set.data, classNames: CLASSES.slice(0, 3) } }));
    expect([e5.code, e5.field]).toEqual(['FF014', 'classNames']);
    const labels = Int32Array.from(set.data.labels as Int32Array);
    labels[5] = 9;
    const e6 = err(() => buildReportInput(df, { ...set, data: { ...set.data, labels } }));
    expect([e6.code, e6.field]).toEqual(['FF014', 'labels']);
    expect(e6.message).toContain('labels[5] is 9');
    const e7 = err(() => buildReportInput(df, { ...set, floatClasses: set.floatClasses.slice(1) }));
    expect(e7.field).toBe('floatClasses');
  });
});

describe('buildReportInput', () => {
  it('fixed-point accuracy and confusion equal an independent run of the simulator on BigInt rows', () => {
    const g = smallClassifier(false);
    const df = compile(g);
    const set = syntheticSet(g, CLASSES, 300);
    const input = buildReportInput(df, set);
    const rows: number[][] = [];
    for (let i = 0; i < set.data.count; i++) rows.push(Array.from(set.data.inputs.subarray(i * 6, (i + 1) * 6)));
    const out = simulateRaw(df, quantizeInputs(df, rows));
    const pred = out.map((r) => r.reduce((best, v, j) => (v > (r[best] ?? v) ? j : best), 0));
    const labels = Array.from(set.data.labels);
    const correct = pred.filter((p, i) => p === labels[i]).length;
    const acc = input.accuracy;
    expect(acc?.fixed).toBe(correct / 300);
    expect(acc?.float).toBe(labels.filter((l, i) => l === set.floatClasses[i]).length / 300);
    expect(acc?.agreement).toBe(pred.filter((p, i) => p === set.floatClasses[i]).length / 300);
    const conf = acc?.fixedConfusion ?? [];
    for (let t = 0; t < 4; t++) {
      expect(conf[t]?.reduce((a, b) => a + b, 0)).toBe(labels.filter((l) => l === t).length);
      for (let p = 0; p < 4; p++) expect(conf[t]?.[p]).toBe(pred.filter((q, i) => q === p && labels[i] === t).length);
    }
    expect(input.profileSamples).toBe(300);
    expect(input.profile?.every((p) => p.histogram !== undefined)).toBe(true);
  });

  it('passes resources and error bounds through, and finds the ranks of low-rank layers', () => {
    const base = mlpGraph({ sizes: [16, 12, 4], head: 'softmax', seed: 2 });
    const g = factorizeDense(base, 'dense_1', { rank: 3 }).graph;
    const df = compile(g, {});
    const ranks = inferRanks(df);
    expect(ranks.map((r) => r.rank)).toEqual([3, 3]);
    expect(inferRanks(compile(base, {}))).toEqual([]);
    const set = syntheticSet(g, CLASSES, 50);
    const bounds = errorBounds(g, df, { min: -6, max: 6 });
    const layer = ranks[0]?.layer ?? '';
    const input = buildReportInput(df, { ...set, errorBounds: bounds, resources: [{ layer, source: 'estimate', lut: 77 }] });
    expect(input.ranks).toEqual(ranks);
    const html = renderReport(input);
    expect(html).toMatch(/<th class="num">rank<\/th>/);
    expect(html).toMatch(/<th class="num">error bound<\/th>/);
    expect(html).toContain('<td class="num">77</td>');
  });

  const fashion = existsSync(FASHION_MNIST_DIR);
  const needData = !fashion && !process.env['CI'];
  it.skipIf(needData)('Fashion-MNIST: the bundled MLP at ap_fixed<16,6> keeps the float accuracy', async () => {
    const model = new URL('../../examples/fashion-mlp/model.json', import.meta.url).pathname;
    const g = await importTfjs(model);
    const test = readFashionMnist('test', { limit: 500 });
    const floatClasses = classesFromScores(evaluateGraph(g, imageRows(test)));
    const df = compile(g, { model: { default: 'ap_fixed<16,6>' } });
    const data = { name: 'Fashion-MNIST test (500)', count: test.count, inputs: test.images, labels: test.labels, classNames: FASHION_MNIST_CLASSES };
    const input = buildReportInput(df, { data, floatClasses });
    const acc = input.accuracy;
    expect(acc?.float).toBeGreaterThan(0.8);
    expect(acc?.agreement).toBeGreaterThan(0.97);
    expect(Math.abs((acc?.fixed ?? 0) - (acc?.float ?? 0))).toBeLessThan(0.03);
    const html = renderReport(input);
    expect(html).toContain('Ankle boot');
    expect(html).toContain('T-shirt/top');
  });
});

describe('histogram bins against a type', () => {
  it('classifies bins of ap_fixed<8,3> (range [−4, 3.96875])', () => {
    const t = parseType('ap_fixed<8,3>');
    const { min, max } = realRange(t);
    expect(binStatus(1, 1, min, max, -5)).toBe('in'); // [2, 4)
    expect(binStatus(1, 2, min, max, -5)).toBe('out'); // [4, 8)
    expect(binStatus(-1, 1, min, max, -5)).toBe('in'); // (−4, −2]
    expect(binStatus(-1, 2, min, max, -5)).toBe('edge'); // (−8, −4]: only −4 fits
    expect(binStatus(-1, 3, min, max, -5)).toBe('out');
    expect(binStatus(0, 0, min, max, -5)).toBe('in');
  });

  it('SAT_SYM and unsigned ranges', () => {
    const max = realRange(parseType('ap_fixed<8,3,TRN,SAT_SYM>')).max;
    expect(binStatus(-1, 1, -max, max, -5)).toBe('edge'); // −4 is out, −3.96875 in
    expect(binStatus(-1, 2, -max, max, -5)).toBe('out');
    const u = realRange(parseType('ap_ufixed<8,3>'));
    expect(binStatus(-1, -5, u.min, u.max, -5)).toBe('out');
    expect(binStatus(1, 2, u.min, u.max, -5)).toBe('in');
    expect(binStatus(1, 3, u.min, u.max, -5)).toBe('out');
  });

  it('draws −4 as an overflow of a SAT_SYM type, though the profile states its range as [−4, max]', () => {
    const profile = (type: string): TensorProfile => ({
      layer: 'l',
      source: 'l',
      tensor: 'result',
      type,
      count: 2,
      overflows: 1,
      observedMin: -4,
      observedMax: 1,
      typeMin: -4,
      typeMax: 3.96875,
      suggestedInt: 3,
      histogram: { zero: 0, positive: [{ exp: 0, count: 1 }], negative: [{ exp: 2, count: 1 }], lsbExp: -5 },
    });
    expect(histogramSvg(profile('ap_fixed<8,3,TRN,SAT_SYM>'))).toMatch(/<rect class="bar out"[^>]*><title>−2³ &lt; v ≤ −2²: 1 value, out of range/);
    expect(rangeMin(profile('ap_fixed<8,3,TRN,SAT_SYM>'))).toBe(-3.96875);
    expect(rangeMin(profile('ap_fixed<8,3>'))).toBe(-4);
    expect(histogramSvg(profile('ap_fixed<8,3>'))).toMatch(/<rect class="bar edge"[^>]*><title>−2³ &lt; v ≤ −2²: 1 value, partly out of range/);
  });

  it('lays bins out as a signed log axis, cuts long tails and notes a range far beyond the values', () => {
    const h = {
      zero: 3,
      positive: [
        { exp: -7, count: 2 },
        { exp: 1, count: 5 },
      ],
      negative: [{ exp: 0, count: 4 }],
      lsbExp: -5,
    };
    const l = histogramLayout(h, -4, 3.96875);
    const labels = l.bins.map((b) => `${b.sign < 0 ? '-' : b.sign > 0 ? '+' : ''}${b.sign === 0 ? '0' : b.exp}:${b.count}`);
    // negative side from −2^2 (the range limit) down to −2^−7, zero, positive up to 2^2
    expect(labels[0]).toBe('-2:0');
    expect(labels).toContain('-0:4');
    expect(labels).toContain('0:3');
    expect(labels.at(-1)).toBe('+2:0');
    expect(l.bins.filter((b) => b.count > 0).length).toBe(4);
    expect(l.rangeBeyond).toBe(false);

    const wide = histogramLayout({ zero: 0, positive: [{ exp: -60, count: 1 }, { exp: 3, count: 1 }], negative: [], lsbExp: -60 }, -(2 ** 40), 2 ** 40);
    expect(wide.rangeBeyond).toBe(true);
    const pos = wide.bins.filter((b) => b.sign === 1);
    expect(pos.length).toBeLessThanOrEqual(36);
    expect(pos[0]?.merged).toBe(true);
    expect(pos.reduce((a, b) => a + b.count, 0)).toBe(2);
  });
});

describe('number formatting', () => {
  it('is locale-free', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1000)).toBe('−1,000');
    expect(formatCount(0)).toBe('0');
    expect(formatPercent(0.8742)).toBe('87.42%');
    expect(formatPercent(1 / 3, 1)).toBe('33.3%');
    expect(formatReal(3.96875)).toBe('3.969');
    expect(formatReal(-4)).toBe('−4');
    expect(formatReal(Infinity)).toBe('∞');
    expect(formatReal(0.0000123456)).toBe('1.235e-5');
    expect(powerOfTwo(-12)).toBe('2⁻¹²');
    expect(formatLimit(32 - 2 ** -17)).toBe('31.999992');
    expect(formatLimit(3.96875)).toBe('3.96875');
    expect(formatLimit(-32)).toBe('−32');
  });
});
