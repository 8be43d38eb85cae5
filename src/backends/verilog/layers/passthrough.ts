/** Layers that move codes without arithmetic: the input register and reshape. */
import { CompileError } from '../../../core/diagnostics.js';
import type { DfInput, DfReshape } from '../../../ir/dataflow/types.js';
import { shapeSize } from '../../../ir/graph/types.js';
import { castSig } from '../cast-sig.js';
import { ModuleBuilder } from '../module-builder.js';
import { moduleText } from '../module-text.js';
import type { EmittedLayer, LayerContext } from './layer-types.js';
import { PipeLayer } from './pipe-layer.js';

/**
 * The input node: its slice of s_axis_tdata, registered once (latency 1).
 * Codes enter by the input type's own cast, as in the simulator: a no-op
 * except for SAT_SYM types, where the most negative code becomes −max.
 */
export function emitInput(node: DfInput, ctx: LayerContext): EmittedLayer {
  const layer = new PipeLayer(node, ctx);
  const b = layer.b;
  const outs = Array.from({ length: ctx.inSize }, (_v, i) => b.register(castSig(b, layer.input(i), node.type)));
  const done = layer.finish(outs, ['input register: raw codes, element i at bits [i*W +: W]']);
  return { ...done, clocked: true, latency: 1, outDepth: 0 };
}

/** Same codes, new shape: wiring. */
export function emitReshape(node: DfReshape, ctx: LayerContext): EmittedLayer {
  const bits = shapeSize(node.shape) * node.type.width;
  if (bits !== ctx.inSize * ctx.inType.width) {
    throw new CompileError('FF012', `reshape changes the number of bits (${ctx.inSize * ctx.inType.width} -> ${bits})`, { layer: node.source, field: 'shape' });
  }
  const b = new ModuleBuilder(node.name, ctx.opts.stageLevels);
  b.port('input', 'x', bits);
  b.port('output', 'y', bits);
  b.raw('  assign y = x;');
  return { node, module: node.name, text: moduleText(node, b, ['reshape: the same codes in the same order']), kind: 'pipe', clocked: false, latency: 0, ii: 1, outDepth: ctx.inDepth, multipliers: 0 };
}
