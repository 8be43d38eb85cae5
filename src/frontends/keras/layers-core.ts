/**
 * Converters of the Keras layers the graph IR supports: InputLayer, Dense
 * (QDense), the activation layers (Activation, QActivation, ReLU, LeakyReLU,
 * Softmax) and the layers that are the identity at inference (Dropout …).
 */
import { CompileError } from '../../core/diagnostics.js';
import type { QuantAnnotation } from '../../ir/graph/types.js';
import { readActivation, type ActivationSpec } from './activations.js';
import { checkedSize } from './import-limits.js';
import { emit, emitActivation, fail, fusedActivationName, singleInput, type LayerContext, type Tensor } from './layer-context.js';
import { weightQuantizer } from './qkeras-quantizers.js';
import { readQuantizerSpec } from './qkeras-spec.js';

/** Per-sample shape of an InputLayer (or of the first layer of a Sequential model). */
export function inputLayer(ctx: LayerContext): Tensor {
  const c = ctx.cfg;
  if (ctx.inputs.length !== 0) fail(ctx, 'FF002', 'an InputLayer has no inputs', 'inbound_nodes');
  if (c.bool('sparse', false)) fail(ctx, 'FF006', 'sparse inputs are not supported', 'sparse');
  if (c.bool('ragged', false)) fail(ctx, 'FF006', 'ragged inputs are not supported', 'ragged');
  let field: string;
  let dims: (number | null)[];
  if (c.has('batch_input_shape') || c.has('batch_shape')) {
    field = c.has('batch_input_shape') ? 'batch_input_shape' : 'batch_shape';
    dims = c.dims(field).slice(1);
  } else if (c.has('shape') || c.has('input_shape')) {
    field = c.has('shape') ? 'shape' : 'input_shape';
    dims = c.dims(field);
  } else {
    return fail(ctx, 'FF002', 'the input layer declares no shape', 'batch_input_shape');
  }
  if (dims.length === 0) fail(ctx, 'FF006', 'a scalar input (no feature axis) is not supported', field);
  const shape = dims.map((d) => {
    if (d === null) fail(ctx, 'FF006', `input shape [${dims.map(String).join(', ')}] has an unknown dimension; fixflow needs fixed sizes`, field);
    if (d < 1) fail(ctx, 'FF002', `input shape [${dims.join(', ')}] has a dimension below 1`, field);
    return d;
  });
  checkedSize(shape, 'the input', { file: ctx.builder.file, layer: ctx.layer.name, field });
  return emit(ctx, { op: 'input', name: ctx.layer.name, inputs: [], shape });
}

/** Dense and QDense: the matrix product, then the fused activation as its own node. */
export function dense(ctx: LayerContext): Tensor {
  const c = ctx.cfg;
  const x = singleInput(ctx);
  if (x.shape.length !== 1) {
    fail(ctx, 'FF006', `Dense on an input of shape [${x.shape.join(', ')}] (applied along the last axis) is not supported: add a Flatten`, 'inbound_nodes');
  }
  const inSize = x.shape[0] ?? 0;
  const units = c.positiveInt('units');
  const useBias = c.bool('use_bias', true);
  if (c.has('lora_rank') && c.number('lora_rank') !== 0) fail(ctx, 'FF006', 'LoRA-adapted Dense layers are not supported (merge the adapter first)', 'lora_rank');
  if (c.has('quantization_config')) fail(ctx, 'FF006', 'Keras-quantized (int8 / float8) Dense layers are not supported', 'quantization_config');
  checkedSize([inSize, units], 'the kernel', { file: ctx.builder.file, layer: ctx.layer.name, field: 'kernel' });
  const specs = [{ name: 'kernel', shape: [inSize, units] }, ...(useBias ? [{ name: 'bias', shape: [units] }] : [])];
  const [kernelRaw, biasRaw] = ctx.weights.read(ctx.layer, specs);
  if (kernelRaw === undefined) return fail(ctx, 'FF003', 'the kernel is missing', 'kernel');
  let kernel = Array.from(kernelRaw);
  let bias = biasRaw === undefined ? null : Array.from(biasRaw);
  const quant: { weight?: QuantAnnotation['weight']; bias?: QuantAnnotation['bias'] } = {};
  const kq = readQuantizerSpec(c.raw('kernel_quantizer'), c, 'kernel_quantizer');
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
  const out = emit(ctx, {
    op: 'dense',
    name: ctx.layer.name,
    inputs: [x.name],
    shape: [units],
    units,
    kernel,
    bias,
    ...(quant.weight || quant.bias ? { quant } : {}),
  });
  const act = readActivation(c.raw('activation'), c, 'activation');
  return emitActivation(ctx, act, out, fusedActivationName(ctx, act));
}

/** Activation and QActivation. */
export function activation(ctx: LayerContext): Tensor {
  const x = singleInput(ctx);
  const act = readActivation(ctx.cfg.raw('activation'), ctx.cfg, 'activation');
  checkSoftmaxAxis(ctx, act, -1);
  return emitActivation(ctx, act, x, ctx.layer.name);
}

function checkSoftmaxAxis(ctx: LayerContext, act: ActivationSpec, axis: number): void {
  const rank = singleInput(ctx).shape.length;
  if (act.kind === 'softmax' && axis !== -1 && axis !== rank) {
    fail(ctx, 'FF006', `softmax over axis ${axis} is not supported (only the last axis)`, 'axis');
  }
}

/** ReLU(max_value, negative_slope, threshold). */
export function relu(ctx: LayerContext): Tensor {
  const c = ctx.cfg;
  const x = singleInput(ctx);
  const max = c.optionalNumber('max_value');
  const slope = c.number('negative_slope', 0);
  if (c.number('threshold', 0) !== 0) fail(ctx, 'FF006', 'ReLU with a threshold ≠ 0 is not supported', 'threshold');
  let spec: ActivationSpec;
  if (slope !== 0) {
    if (max !== null) fail(ctx, 'FF006', 'ReLU with both negative_slope and max_value is not supported', 'max_value');
    spec = { kind: 'leaky_relu', alpha: slope };
  } else if (max !== null) {
    if (max < 0) fail(ctx, 'FF002', `ReLU max_value must not be negative, got ${max}`, 'max_value');
    spec = { kind: 'clip', min: 0, max };
  } else {
    spec = { kind: 'activation', fn: 'relu' };
  }
  return emitActivation(ctx, spec, x, ctx.layer.name);
}

/** LeakyReLU: `alpha` in Keras 2, `negative_slope` in Keras 3; 0.3 by default in both. */
export function leakyRelu(ctx: LayerContext): Tensor {
  const c = ctx.cfg;
  const x = singleInput(ctx);
  const alpha = c.has('negative_slope') ? c.number('negative_slope') : c.number('alpha', 0.3);
  return emitActivation(ctx, { kind: 'leaky_relu', alpha }, x, ctx.layer.name);
}

export function softmax(ctx: LayerContext): Tensor {
  const c = ctx.cfg;
  const raw = c.raw('axis');
  const axis = Array.isArray(raw) && raw.length === 1 && typeof raw[0] === 'number' ? raw[0] : c.int('axis', -1);
  const spec: ActivationSpec = { kind: 'softmax' };
  checkSoftmaxAxis(ctx, spec, axis);
  return emitActivation(ctx, spec, singleInput(ctx), ctx.layer.name);
}

/** Dropout and the other layers that are the identity at inference: no node. */
export function identity(ctx: LayerContext): Tensor {
  return singleInput(ctx);
}

/** An FF006 converter for a layer the graph IR cannot express yet. */
export function unsupported(reason: string): (ctx: LayerContext) => Tensor {
  return (ctx) => {
    throw new CompileError('FF006', `layer class ${ctx.layer.className} is not supported: ${reason}`, {
      file: ctx.builder.file,
      layer: ctx.layer.name,
      field: 'class_name',
    });
  };
}
