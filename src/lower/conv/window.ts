/** Checked window geometry of a layer being lowered, with its errors coded FF004. */
import { CompileError } from '../../core/diagnostics.js';
import type { FixedType } from '../../fixed/fixed-type.js';
import { resolvePadding, windowAxes, type Fail, type WindowAxis } from '../../ir/graph/conv-geometry.js';
import type { Padding } from '../../ir/graph/conv-types.js';
import type { Shape } from '../../ir/graph/types.js';

export type Base = { name: string; source: string; inputs: string[]; shape: Shape; type: FixedType };

export function failer(layer: string): Fail {
  return (message, field) => {
    throw new CompileError('FF004', message, { layer, field });
  };
}

/** The checked window of a layer on its input shape. */
export function windowOf(layer: string, inShape: Shape, size: readonly number[], strides: readonly number[], padding: Padding, sizeField: string): WindowAxis[] {
  const fail = failer(layer);
  const spatial = inShape.slice(0, -1);
  if (spatial.length < 1 || spatial.length > 2) fail(`needs a channels-last input [L, C] or [H, W, C], got [${inShape.join(', ')}]`, 'inputs');
  if (size.length !== spatial.length) fail(`${sizeField} has ${size.length} value(s), the input ${spatial.length} spatial axes`, sizeField);
  const pad = resolvePadding(padding, spatial, size, strides, fail);
  return windowAxes(spatial, size, strides, pad.before, pad.after, fail, sizeField);
}

