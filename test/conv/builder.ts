/**
 * A small graph builder for the conv blocks: computes every output shape
 * from the window geometry and draws seeded weights (He-scaled Gaussians;
 * BatchNorm statistics uniform around 1 and 0).
 */
import { resolvePadding, windowAxes } from '../../src/ir/graph/conv-geometry.js';
import type { ExplicitPadding, Padding } from '../../src/ir/graph/conv-types.js';
import { GRAPH_IR_VERSION, type Shape } from '../../src/ir/graph/types.js';
import { gaussian, prng } from '../helpers/prng.js';
import type { MixedGraph, MixedNode } from './harness.js';

export interface ConvOpts {
  readonly filters: number;
  readonly k: readonly number[];
  readonly strides?: readonly number[];
  readonly padding?: Padding;
  readonly groups?: number;
  readonly bias?: boolean;
  /** fraction of weights set to zero */
  readonly sparsity?: number;
}

export class Builder {
  readonly nodes: MixedNode[] = [];
  private readonly shapes = new Map<string, Shape>();
  private readonly r: () => number;
  private readonly g: () => number;

  /** gridStep: round every weight and bias to a multiple of it (exactly representable values) */
  constructor(
    seed: number,
    private readonly gridStep = 0,
  ) {
    this.r = prng(seed);
    const g = gaussian(this.r);
    this.g = gridStep > 0 ? () => Math.round(g() / gridStep) * gridStep : g;
  }

  shape(name: string): Shape {
    const s = this.shapes.get(name);
    if (!s) throw new Error(`builder: no node '${name}'`);
    return s;
  }

  private add(n: MixedNode): string {
    this.nodes.push(n);
    this.shapes.set(n.name, n.shape);
    return n.name;
  }

  /** a bias-sized value (on the grid when there is one) */
  private small(): number {
    const v = 0.1 * this.g();
    return this.gridStep > 0 ? Math.round(v / this.gridStep) * this.gridStep : v;
  }

  private weights(n: number, fanIn: number, sparsity = 0): number[] {
    const scale = Math.sqrt(2) / Math.sqrt(fanIn);
    const grid = (v: number): number => (this.gridStep > 0 ? Math.round(v / this.gridStep) * this.gridStep : v);
    return Array.from({ length: n }, () => (this.r() < sparsity ? 0 : grid(this.g() * scale)));
  }

  private out(x: string, k: readonly number[], strides: readonly number[], padding: Padding): number[] {
    const spatial = this.shape(x).slice(0, -1);
    const fail = (m: string): never => {
      throw new Error(m);
    };
    const pad = resolvePadding(padding, spatial, k, strides, fail);
    return windowAxes(spatial, k, strides, pad.before, pad.after, fail).map((a) => a.out);
  }

  private channels(x: string): number {
    const s = this.shape(x);
    return s[s.length - 1] ?? 1;
  }

  input(name: string, shape: Shape): string {
    return this.add({ op: 'input', name, inputs: [], shape });
  }

  conv(name: string, x: string, o: ConvOpts): string {
    const strides = o.strides ?? o.k.map(() => 1);
    const padding = o.padding ?? 'same';
    const groups = o.groups ?? 1;
    const cg = this.channels(x) / groups;
    const area = o.k.reduce((a, b) => a * b, 1);
    return this.add({
      op: 'conv',
      name,
      inputs: [x],
      shape: [...this.out(x, o.k, strides, padding), o.filters],
      kernelSize: o.k,
      strides,
      padding,
      groups,
      filters: o.filters,
      kernel: this.weights(area * cg * o.filters, area * cg, o.sparsity),
      bias: o.bias === false ? null : Array.from({ length: o.filters }, () => this.small()),
    });
  }

  depthwise(name: string, x: string, k: readonly number[], strides: readonly number[] = k.map(() => 1), padding: Padding = 'same', multiplier = 1): string {
    const c = this.channels(x);
    const area = k.reduce((a, b) => a * b, 1);
    return this.add({
      op: 'depthwise_conv',
      name,
      inputs: [x],
      shape: [...this.out(x, k, strides, padding), c * multiplier],
      kernelSize: k,
      strides,
      padding,
      depthMultiplier: multiplier,
      kernel: this.weights(area * c * multiplier, area),
      bias: Array.from({ length: c * multiplier }, () => this.small()),
    });
  }

  separable(name: string, x: string, filters: number, k: readonly number[], strides: readonly number[] = k.map(() => 1), padding: Padding = 'same', multiplier = 1): string {
    const c = this.channels(x);
    const area = k.reduce((a, b) => a * b, 1);
    return this.add({
      op: 'separable_conv',
      name,
      inputs: [x],
      shape: [...this.out(x, k, strides, padding), filters],
      kernelSize: k,
      strides,
      padding,
      depthMultiplier: multiplier,
      filters,
      depthwiseKernel: this.weights(area * c * multiplier, area),
      pointwiseKernel: this.weights(c * multiplier * filters, c * multiplier),
      bias: Array.from({ length: filters }, () => this.small()),
    });
  }

  batchnorm(name: string, x: string): string {
    const c = this.channels(x);
    return this.add({
      op: 'batchnorm',
      name,
      inputs: [x],
      shape: this.shape(x),
      gamma: Array.from({ length: c }, () => 0.6 + 0.8 * this.r()),
      beta: Array.from({ length: c }, () => 0.4 * (this.r() - 0.5)),
      mean: Array.from({ length: c }, () => 0.4 * (this.r() - 0.5)),
      variance: Array.from({ length: c }, () => 0.6 + 0.8 * this.r()),
      epsilon: 1e-3,
    });
  }

  relu(name: string, x: string): string {
    return this.add({ op: 'activation', fn: 'relu', name, inputs: [x], shape: this.shape(x) });
  }

  relu6(name: string, x: string): string {
    return this.add({ op: 'clip', min: 0, max: 6, name, inputs: [x], shape: this.shape(x) });
  }

  pool(name: string, x: string, kind: 'max' | 'avg', k: readonly number[], strides: readonly number[] = k, padding: Padding = 'valid', countIncludePad = false): string {
    return this.add({ op: 'pool', kind, name, inputs: [x], shape: [...this.out(x, k, strides, padding), this.channels(x)], poolSize: k, strides, padding, countIncludePad });
  }

  globalPool(name: string, x: string, kind: 'max' | 'avg' = 'avg', keepDims = false): string {
    const s = this.shape(x);
    const c = this.channels(x);
    return this.add({ op: 'global_pool', kind, name, inputs: [x], shape: keepDims ? [...s.slice(0, -1).map(() => 1), c] : [c] });
  }

  zeroPad(name: string, x: string, padding: ExplicitPadding): string {
    const s = this.shape(x);
    const shape = [...s.slice(0, -1).map((d, i) => d + (padding.before[i] ?? 0) + (padding.after[i] ?? 0)), this.channels(x)];
    return this.add({ op: 'zero_pad', name, inputs: [x], shape, padding });
  }

  upsample(name: string, x: string, size: readonly number[]): string {
    const s = this.shape(x);
    return this.add({ op: 'upsample', name, inputs: [x], shape: [...s.slice(0, -1).map((d, i) => d * (size[i] ?? 1)), this.channels(x)], size });
  }

  sum(name: string, xs: readonly string[]): string {
    return this.add({ op: 'add', name, inputs: xs, shape: this.shape(xs[0] ?? '') });
  }

  concat(name: string, xs: readonly string[]): string {
    const s = this.shape(xs[0] ?? '');
    const c = xs.reduce((a, x) => a + this.channels(x), 0);
    return this.add({ op: 'concat', name, inputs: xs, shape: [...s.slice(0, -1), c] });
  }

  shuffle(name: string, x: string, groups: number): string {
    return this.add({ op: 'channel_shuffle', groups, name, inputs: [x], shape: this.shape(x) });
  }

  flatten(name: string, x: string): string {
    const s = this.shape(x);
    return this.add({ op: 'reshape', name, inputs: [x], shape: [s.reduce((a, b) => a * b, 1)] });
  }

  dense(name: string, x: string, units: number): string {
    const n = this.channels(x);
    return this.add({ op: 'dense', name, inputs: [x], shape: [units], units, kernel: this.weights(n * units, n), bias: Array.from({ length: units }, () => this.small()) });
  }

  graph(name: string, outputs: readonly string[]): MixedGraph {
    return { version: GRAPH_IR_VERSION, name, nodes: [...this.nodes], outputs };
  }
}
