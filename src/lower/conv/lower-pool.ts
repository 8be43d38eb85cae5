/**
 * Lowering of pooling: explicit window geometry; max keeps the input type
 * (a comparison selects a code); average takes the layer's result type, the
 * exact sum type (bit growth over the window) and one reciprocal code per
 * divisor that occurs (see PoolAverage in the dataflow conv-types.ts).
 * Global pooling is a pooling whose window is the whole input.
 */
import { CompileError } from '../../core/diagnostics.js';
import type { FixedType } from '../../fixed/fixed-type.js';
import { accumulatorType } from '../../fixed/growth.js';
import type { DfPool, PoolAverage } from '../../ir/dataflow/conv-types.js';
import { windowCounts, windowsNonEmpty, windowSize, type WindowAxis } from '../../ir/graph/conv-geometry.js';
import type { GlobalPoolNode, PoolNode } from '../../ir/graph/conv-types.js';
import type { Shape } from '../../ir/graph/types.js';
import type { PrecisionConfig } from '../config.js';
import { reciprocalType } from './conv-config.js';
import { reciprocalCode } from './exact-reciprocal.js';
import { windowOf, type Base } from './window.js';

function average(axes: readonly WindowAxis[], x: FixedType, recipType: FixedType, divisor: 'valid' | 'window'): PoolAverage {
  const size = windowSize(axes);
  const counts = divisor === 'valid' ? windowCounts(axes) : [size];
  return { divisor, sumType: accumulatorType([x], size), recipType, counts, recips: counts.map((c) => reciprocalCode(c, recipType)) };
}

function pool(n: PoolNode | GlobalPoolNode, base: Base, x: FixedType, inShape: Shape, axes: readonly WindowAxis[], cfg: PrecisionConfig, divisor: 'valid' | 'window'): DfPool {
  if (!windowsNonEmpty(axes)) throw new CompileError('FF004', 'a pooling window lies entirely in the padding', { layer: n.name, field: 'padding' });
  return {
    ...base,
    type: n.kind === 'max' ? x : base.type,
    op: 'pool',
    kind: n.kind,
    inShape: [...inShape],
    kernelSize: axes.map((a) => a.k),
    strides: axes.map((a) => a.stride),
    padBefore: axes.map((a) => a.padBefore),
    padAfter: axes.map((a) => a.padAfter),
    average: n.kind === 'avg' ? average(axes, x, reciprocalType(cfg, n), divisor) : null,
  };
}

export function lowerPool(n: PoolNode, base: Base, x: FixedType, inShape: Shape, cfg: PrecisionConfig): DfPool {
  const axes = windowOf(n.name, inShape, n.poolSize, n.strides, n.padding, 'poolSize');
  return pool(n, base, x, inShape, axes, cfg, n.countIncludePad ? 'window' : 'valid');
}

export function lowerGlobalPool(n: GlobalPoolNode, base: Base, x: FixedType, inShape: Shape, cfg: PrecisionConfig): DfPool {
  const spatial = inShape.slice(0, -1);
  const axes = windowOf(n.name, inShape, spatial, spatial.map(() => 1), 'valid', 'poolSize');
  return pool(n, base, x, inShape, axes, cfg, 'window');
}
