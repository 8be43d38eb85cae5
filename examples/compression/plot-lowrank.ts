/**
 * The low-rank sweep as a plot: simulated fixed-point accuracy against MACs
 * per inference, for each rank of dense_1, without and with the one-epoch
 * fine-tune, from results/lowrank-sweep.csv (written by lowrank-sweep.ts).
 *
 *   node --import tsx examples/compression/plot-lowrank.ts   → results/lowrank-sweep.svg
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { line, svgDocument, text } from '../../src/report/html/svg-elements.js';

const CSV = 'examples/compression/results/lowrank-sweep.csv';
const OUT = 'examples/compression/results/lowrank-sweep.svg';

interface Row {
  readonly rank: string;
  readonly macs: number;
  readonly sim: number;
  readonly ftSim: number | null;
}

const rows: Row[] = readFileSync(CSV, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => {
    const c = l.split(',');
    return { rank: c[0] ?? '', macs: Number(c[2]), sim: Number(c[5]), ftSim: c[7] ? Number(c[7]) : null };
  });

const W = 640;
const H = 380;
const L = 60;
const R = 20;
const T = 30;
const B = 50;
const maxMacs = Math.max(...rows.map((r) => r.macs));
const x = (m: number): number => L + (m / maxMacs) * (W - L - R);
const y = (a: number): number => T + (1 - a) * (H - T - B);
const body: string[] = [];
body.push(text({ x: W / 2, y: 18, text: 'Low-rank dense_1: simulated fixed-point accuracy vs MACs per inference', anchor: 'middle', size: 13, weight: 'bold' }));
for (let a = 0; a <= 1.0001; a += 0.2) {
  body.push(line(L, y(a), W - R, y(a), '#ddd'));
  body.push(text({ x: L - 6, y: y(a) + 4, text: `${Math.round(a * 100)}%`, anchor: 'end', size: 11 }));
}
for (let m = 0; m <= maxMacs; m += 20000) {
  body.push(line(x(m), T, x(m), H - B, '#eee'));
  body.push(text({ x: x(m), y: H - B + 16, text: `${m / 1000}k`, anchor: 'middle', size: 11 }));
}
body.push(text({ x: W / 2, y: H - 12, text: 'MACs per inference', anchor: 'middle', size: 12 }));
body.push(text({ x: 16, y: H / 2, text: 'sim accuracy', anchor: 'middle', size: 12, rotate: -90 }));
const series = (pts: { m: number; a: number; label: string }[], color: string): void => {
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i - 1];
    const q = pts[i];
    if (p && q) body.push(line(x(p.m), y(p.a), x(q.m), y(q.a), color));
  }
  for (const p of pts) {
    body.push(`<circle cx="${x(p.m).toFixed(2)}" cy="${y(p.a).toFixed(2)}" r="3.5" fill="${color}"><title>${p.label}: ${(100 * p.a).toFixed(2)}%, ${p.m} MACs</title></circle>`);
  }
};
const lowrank = rows.filter((r) => r.ftSim !== null).sort((a, b) => a.macs - b.macs);
series(lowrank.map((r) => ({ m: r.macs, a: r.sim, label: `rank ${r.rank}` })), '#1f77b4');
series(lowrank.map((r) => ({ m: r.macs, a: r.ftSim ?? 0, label: `rank ${r.rank} + fine-tune` })), '#d62728');
const base = rows.find((r) => r.ftSim === null);
if (base) {
  body.push(line(L, y(base.sim), W - R, y(base.sim), '#2ca02c', true));
  body.push(text({ x: W - R, y: y(base.sim) - 5, text: `unfactorized ${(100 * base.sim).toFixed(2)}% at ${base.macs} MACs`, anchor: 'end', size: 11, fill: '#2ca02c' }));
}
body.push(text({ x: L + 10, y: H - B - 30, text: '● rank r, no fine-tune', size: 11, fill: '#1f77b4' }));
body.push(text({ x: L + 10, y: H - B - 14, text: '● rank r + 1 epoch fine-tune', size: 11, fill: '#d62728' }));
writeFileSync(OUT, svgDocument({ width: W, height: H, cls: 'plot', title: 'Low-rank sweep', body }) + '\n');
process.stdout.write(`wrote ${OUT}\n`);
