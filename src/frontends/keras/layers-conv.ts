/**
 * Converters of the Keras convolution-family layers (the mapping itself is
 * shared with the tfjs frontend: ../keras-layers/conv-nodes.ts) and of the
 * QKeras convolutions QConv1D, QConv2D, QDepthwiseConv2D and
 * QSeparableConv1D/2D, whose kernel and bias quantizers become exact weight
 * and bias types as for QDense. A QSeparableConv has two kernel quantizers
 * (depthwise and pointwise), so it becomes its two halves, as SeparableConv
 * computes it: a depthwise conv `<name>_depthwise` (no bias, the depthwise
 * type) and a 1×1 conv `<name>` (the pointwise type and the bias). The float
 * function is the layer's; the value between the halves gets its type from
 * the precision config like any layer's result.
 */
import type { ConvGraphNode } from '../../ir/graph/conv-types.js';
import type { QuantAnnotation } from '../../ir/graph/types.js';
import type { KerasConvFamilyClass } from '../keras-layers/conv-nodes.js';
import { kerasConvFamilyNode } from '../keras-layers/conv-nodes.js';
import { readActivation } from './activations.js';
import { checkedSize } from './import-limits.js';
import { emit, emitActivation, fusedActivationName, type LayerContext, type LayerConverter, type Tensor } from './layer-context.js';
import { weightQuantizer } from './qkeras-quantizers.js';
import { readQuantizerSpec } from './qkeras-spec.js';

/** The layer's weights by name and shape, sizes checked first. */
function weightReader(ctx: LayerContext): (specs: readonly { readonly name: string; readonly shape: readonly number[] }[]) => number[][] {
  const loc = { file: ctx.builder.file, layer: ctx.layer.name };
  return (specs) => {
    for (const s of specs) checkedSize(s.shape, `the ${s.name}`, { ...loc, field: s.name });
    return ctx.weights.read(ctx.layer, specs).map((w) => Array.from(w));
  };
}

/** The values through the quantizer in `field`, and its exact type (none: unchanged). */
function quantize(ctx: LayerContext, field: string, values: readonly number[]): { values: readonly number[]; type?: QuantAnnotation['weight'] } {
  const spec = readQuantizerSpec(ctx.cfg.raw(field), ctx.cfg, field);
  if (!spec) return { values };
  const q = weightQuantizer(spec);
  return { values: values.map(q.quantize), type: q.type };
}

/** Apply the QKeras quantizers of the layer to its weights and record their exact types. */
function quantized(ctx: LayerContext, node: ConvGraphNode, kernelField: string): ConvGraphNode {
  if (node.op !== 'conv' && node.op !== 'depthwise_conv') return node;
  const kq = quantize(ctx, kernelField, node.kernel);
  const bq = node.bias ? quantize(ctx, 'bias_quantizer', node.bias) : null;
  if (!kq.type && !bq?.type) return node;
  const quant: QuantAnnotation = { ...(kq.type ? { weight: kq.type } : {}), ...(bq?.type ? { bias: bq.type } : {}) };
  return { ...node, kernel: kq.values, bias: bq ? bq.values : node.bias, quant };
}

/** QSeparableConv1D / QSeparableConv2D: the depthwise half, then the pointwise half (see the file comment). */
export function qSeparable(cls: 'SeparableConv1D' | 'SeparableConv2D'): LayerConverter {
  return (ctx: LayerContext): Tensor => {
    const c = ctx.cfg;
    const loc = { file: ctx.builder.file, layer: ctx.layer.name };
    const src = { className: ctx.layer.className, raw: (f: string) => c.raw(f), fail: c.fail.bind(c) };
    const { node, hasActivation } = kerasConvFamilyNode(src, cls, ctx.layer.name, ctx.inputs, weightReader(ctx));
    if (node.op !== 'separable_conv') throw new Error(`internal: ${cls} gave ${node.op}`);
    checkedSize(node.shape, 'the output', { ...loc, field: 'shape' });
    const mid = node.pointwiseKernel.length / node.filters;
    const dwq = quantize(ctx, 'depthwise_quantizer', node.depthwiseKernel);
    const pwq = quantize(ctx, 'pointwise_quantizer', node.pointwiseKernel);
    const bq: { values: readonly number[] | null; type?: QuantAnnotation['bias'] } = node.bias ? quantize(ctx, 'bias_quantizer', node.bias) : { values: null };
    const dw = emit(ctx, {
      op: 'depthwise_conv',
      name: `${node.name}_depthwise`,
      inputs: node.inputs,
      shape: [...node.shape.slice(0, -1), mid],
      kernelSize: node.kernelSize,
      strides: node.strides,
      padding: node.padding,
      depthMultiplier: node.depthMultiplier,
      kernel: dwq.values,
      bias: null,
      ...(dwq.type ? { quant: { weight: dwq.type } } : {}),
    });
    const ones = node.kernelSize.map(() => 1);
    const pwQuant = { ...(pwq.type ? { weight: pwq.type } : {}), ...(bq.type ? { bias: bq.type } : {}) };
    const out = emit(ctx, {
      op: 'conv',
      name: node.name,
      inputs: [dw.name],
      shape: node.shape,
      kernelSize: ones,
      strides: ones,
      padding: 'valid',
      groups: 1,
      filters: node.filters,
      kernel: pwq.values,
      bias: bq.values,
      ...(pwq.type || bq.type ? { quant: pwQuant } : {}),
    });
    if (!hasActivation) return out;
    const act = readActivation(c.raw('activation'), c, 'activation');
    return emitActivation(ctx, act, out, fusedActivationName(ctx, act));
  };
}

/** A converter for the conv-family class `cls` (QKeras's QConv… map to `cls` with quantizers). */
export function convFamily(cls: KerasConvFamilyClass, quantizerField?: string): LayerConverter {
  return (ctx: LayerContext): Tensor => {
    const c = ctx.cfg;
    const loc = { file: ctx.builder.file, layer: ctx.layer.name };
    const src = { className: ctx.layer.className, raw: (f: string) => c.raw(f), fail: c.fail.bind(c) };
    const { node, hasActivation } = kerasConvFamilyNode(src, cls, ctx.layer.name, ctx.inputs, weightReader(ctx));
    checkedSize(node.shape, 'the output', { ...loc, field: 'shape' });
    const out = emit(ctx, quantizerField ? quantized(ctx, node, quantizerField) : node);
    if (!hasActivation) return out;
    const act = readActivation(c.raw('activation'), c, 'activation');
    return emitActivation(ctx, act, out, fusedActivationName(ctx, act));
  };
}
