/**
 * Converters of the Keras convolution-family layers (the mapping itself is
 * shared with the tfjs frontend: ../keras-layers/conv-nodes.ts) and of the
 * QKeras convolutions QConv1D, QConv2D and QDepthwiseConv2D, whose kernel and
 * bias quantizers become exact weight and bias types as for QDense.
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

/** Apply the QKeras quantizers of the layer to its weights and record their exact types. */
function quantized(ctx: LayerContext, node: ConvGraphNode, kernelField: string): ConvGraphNode {
  if (node.op !== 'conv' && node.op !== 'depthwise_conv') return node;
  const c = ctx.cfg;
  const quant: { weight?: QuantAnnotation['weight']; bias?: QuantAnnotation['bias'] } = {};
  let kernel = node.kernel;
  let bias = node.bias;
  const kq = readQuantizerSpec(c.raw(kernelField), c, kernelField);
  if (kq) {
    const q = weightQuantizer(kq);
    kernel = kernel.map(q.quantize);
    quant.weight = q.type;
  }
  const bq = readQuantizerSpec(c.raw('bias_quantizer'), c, 'bias_quantizer');
  if (bq && bias) {
    const q = weightQuantizer(bq);
    bias = bias.map(q.quantize);
    quant.bias = q.type;
  }
  if (!quant.weight && !quant.bias) return node;
  return { ...node, kernel, bias, quant };
}

/** A converter for the conv-family class `cls` (QKeras's QConv… map to `cls` with quantizers). */
export function convFamily(cls: KerasConvFamilyClass, quantizerField?: string): LayerConverter {
  return (ctx: LayerContext): Tensor => {
    const c = ctx.cfg;
    const loc = { file: ctx.builder.file, layer: ctx.layer.name };
    const read = (specs: readonly { readonly name: string; readonly shape: readonly number[] }[]) => {
      for (const s of specs) checkedSize(s.shape, `the ${s.name}`, { ...loc, field: s.name });
      return ctx.weights.read(ctx.layer, specs).map((w) => Array.from(w));
    };
    const src = { className: ctx.layer.className, raw: (f: string) => c.raw(f), fail: c.fail.bind(c) };
    const { node, hasActivation } = kerasConvFamilyNode(src, cls, ctx.layer.name, ctx.inputs, read);
    checkedSize(node.shape, 'the output', { ...loc, field: 'shape' });
    const out = emit(ctx, quantizerField ? quantized(ctx, node, quantizerField) : node);
    if (!hasActivation) return out;
    const act = readActivation(c.raw('activation'), c, 'activation');
    return emitActivation(ctx, act, out, fusedActivationName(ctx, act));
  };
}
