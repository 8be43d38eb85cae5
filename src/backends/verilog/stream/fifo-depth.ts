/**
 * FIFO depths from the schedule. Every input of a multi-input layer (Add,
 * Concatenate) gets a FIFO; when the branches that meet there differ (a
 * residual skip against a chain of windowed layers), one branch is ahead of
 * the other by as many pixels as the other needs before it can emit.
 *
 * Each unit declares need(j): the input pixels it has consumed when it emits
 * output pixel j. From the design's input, A_v(j) = the source pixels needed
 * before v emits pixel j (A_input(j) = j + 1; A_v(j) = max over inputs k of
 * A_{u_k}(need_k(j) − 1)), and E_v(s) = how many pixels v can have emitted
 * after s source pixels. After s source pixels the join has taken
 * min over m of E_{u_m}(s) pixels of every input, so input k holds the rest
 * of E_{u_k}(s); and a fork hands each pixel to all its branches at once, so
 * one more must fit while the other branches work on it. Input k needs
 *   min_k = 1 + max over s of (E_{u_k}(s) − min over m of E_{u_m}(s))
 * pixels, counting no storage inside the branch (the units' own registers
 * only add slack). For a skip edge straight from the fork to the join that
 * bound is exact: one pixel less deadlocks (test/verilog/conv-stream.test.ts). Over
 * two images, so that the overlap of consecutive images is included. The
 * emitted depth adds a throughput margin: the other branches' extra pipeline
 * latency (pipeline registers, window registers and the FIFOs of earlier
 * joins, in cycles, so in pixels at one pixel per cycle), so the fast branch
 * does not stall while the slow one fills its pipeline.
 */
import type { StreamUnit } from './units.js';

export interface FifoPlan {
  /** `<consumer>_in<k>` */
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly input: number;
  /** the smallest deadlock-free depth */
  readonly minDepth: number;
  /** minDepth plus the throughput margin */
  readonly depth: number;
}

const IMAGES = 2;

export function planFifos(units: readonly StreamUnit[]): FifoPlan[] {
  const byName = new Map(units.map((u) => [u.node.name, u]));
  const A = new Map<string, number[]>();
  const lat = new Map<string, number>();
  for (const u of units) {
    const n = u.geometry.pixels * IMAGES;
    if (u.node.op === 'input') {
      A.set(u.node.name, Array.from({ length: n }, (_v, j) => j + 1));
      lat.set(u.node.name, u.latency);
      continue;
    }
    const arr: number[] = [];
    for (let j = 0; j < n; j++) {
      let a = 0;
      u.node.inputs.forEach((src, k) => {
        const need = u.need[k] ?? [];
        const per = need.length;
        const pin = byName.get(src)?.geometry.pixels ?? 1;
        const count = (need[j % per] ?? 1) + Math.floor(j / per) * pin;
        const srcA = A.get(src) ?? [];
        a = Math.max(a, srcA[Math.min(count - 1, srcA.length - 1)] ?? 0);
      });
      arr.push(a);
    }
    A.set(u.node.name, arr);
    // a join reads its inputs through FIFOs: one more cycle
    const fifo = u.node.inputs.length > 1 ? 1 : 0;
    lat.set(u.node.name, Math.max(...u.node.inputs.map((s) => lat.get(s) ?? 0)) + fifo + u.latency);
  }
  const sourcePixels = (units.find((u) => u.node.op === 'input')?.geometry.pixels ?? 1) * IMAGES;
  const emitted = (name: string, s: number): number => {
    const arr = A.get(name) ?? [];
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((arr[mid] ?? 0) <= s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const plans: FifoPlan[] = [];
  for (const u of units) {
    if (u.node.inputs.length < 2) continue;
    const ins = u.node.inputs;
    const maxLat = Math.max(...ins.map((s) => lat.get(s) ?? 0));
    ins.forEach((src, k) => {
      let min = 0;
      for (let s = 0; s <= sourcePixels; s++) {
        const mine = emitted(src, s);
        const least = Math.min(...ins.map((o) => emitted(o, s)));
        min = Math.max(min, mine - least);
      }
      min += 1;
      const margin = maxLat - (lat.get(src) ?? 0);
      plans.push({ name: `${u.node.name}_in${k}`, from: src, to: u.node.name, input: k, minDepth: min, depth: min + margin });
    });
  }
  return plans;
}
