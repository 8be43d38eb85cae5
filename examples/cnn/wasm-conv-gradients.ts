/**
 * The three convolution-gradient kernels that @tensorflow/tfjs-backend-wasm
 * 4.22 does not register (Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter,
 * DepthwiseConv2dNativeBackpropInput), composed from ops the wasm backend has:
 * padding, strided slices, matrix products and sums, one kernel tap at a time.
 * Enough to train examples/cnn on the much faster wasm backend
 * (NHWC, dilation 1 only).
 *
 * Tap (kh, kw) of a convolution reads the padded input at rows kh + s·i and
 * columns kw + s·j for output (i, j); its slice of the padded input is
 * xs[n, i, j, c] = xpad[n, kh + s·i, kw + s·j, c]. The filter gradient of the
 * tap is Σ_{n,i,j} xs · dy; the input gradient scatters dy · w back to those
 * positions (dilate by the stride, then pad into the padded frame).
 */
import { tf } from '../../src/frontends/tfjs/index.js';

type Conv4 = [number, number, number, number];

interface Geometry {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  readonly outH: number;
  readonly outW: number;
  readonly sH: number;
  readonly sW: number;
  readonly kH: number;
  readonly kW: number;
}

function geometry(xShape: Conv4, filterShape: Conv4, attrs: tf.NamedAttrMap, depthwise: boolean): Geometry {
  const strides = attrs.strides as [number, number] | number;
  const dilations = (attrs.dilations ?? 1) as [number, number] | number;
  const pad = attrs.pad as 'same' | 'valid' | number;
  const dims = attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined;
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad, dims, depthwise);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error('dilated convolution gradients are not implemented');
  const { top, left, bottom, right } = info.padInfo;
  return {
    top, left, bottom, right,
    outH: info.outHeight, outW: info.outWidth, sH: info.strideHeight, sW: info.strideWidth,
    kH: info.filterHeight, kW: info.filterWidth,
  };
}

/** The slice of the padded input that tap (kh, kw) reads: [N, outH, outW, C]. */
function tapSlice(xpad: tf.Tensor4D, g: Geometry, kh: number, kw: number): tf.Tensor4D {
  const [n, h, w, c] = xpad.shape;
  if (g.sH === 1 && g.sW === 1 && h === g.outH && w === g.outW) return xpad;
  if (g.sH === 1 && g.sW === 1) return tf.slice(xpad, [0, kh, kw, 0], [n, g.outH, g.outW, c]);
  const end = [n, kh + (g.outH - 1) * g.sH + 1, kw + (g.outW - 1) * g.sW + 1, c];
  return tf.stridedSlice(xpad, [0, kh, kw, 0], end, [1, g.sH, g.sW, 1]) as tf.Tensor4D;
}

function padInput(x: tf.Tensor4D, g: Geometry): tf.Tensor4D {
  return tf.pad(x, [[0, 0], [g.top, g.bottom], [g.left, g.right], [0, 0]]);
}

/** Scatter t [N, outH, outW, C] of tap (kh, kw) into the padded input frame [N, Hp, Wp, C]. */
function scatterTap(t: tf.Tensor4D, g: Geometry, kh: number, kw: number, hp: number, wp: number): tf.Tensor4D {
  const [n, oh, ow, c] = t.shape;
  let d: tf.Tensor4D = t;
  if (g.sH > 1 || g.sW > 1) {
    const spread = tf.pad(tf.reshape(t, [n, oh, 1, ow, 1, c]), [[0, 0], [0, 0], [0, g.sH - 1], [0, 0], [0, g.sW - 1], [0, 0]]);
    d = tf.slice(tf.reshape(spread, [n, oh * g.sH, ow * g.sW, c]) as tf.Tensor4D, [0, 0, 0, 0], [n, (oh - 1) * g.sH + 1, (ow - 1) * g.sW + 1, c]);
  }
  const [, dh, dw] = d.shape;
  return tf.pad(d, [[0, 0], [kh, hp - kh - dh], [kw, wp - kw - dw], [0, 0]]);
}

/**
 * Depth multiplier 1: the filter gradient as one depthwise correlation of the
 * padded input with dy, batch folded into the channels:
 * [1, Hp, Wp, N·C] ⋆ [outH, outW, N·C] (dilation = stride) → [kH, kW, N, C], summed over N.
 */
function depthwiseFilterByCorrelation(xpad: tf.Tensor4D, dy: tf.Tensor4D, g: Geometry, filterShape: Conv4): tf.Tensor {
  const [n, hp, wp, c] = xpad.shape;
  const xt = tf.reshape(tf.transpose(xpad, [1, 2, 0, 3]), [1, hp, wp, n * c]) as tf.Tensor4D;
  const kt = tf.reshape(tf.transpose(dy, [1, 2, 0, 3]), [g.outH, g.outW, n * c, 1]);
  const full = tf.depthwiseConv2d(xt, kt as tf.Tensor4D, 1, 'valid', 'NHWC', [g.sH, g.sW]);
  const taps = tf.slice(full, [0, 0, 0, 0], [1, g.kH, g.kW, n * c]);
  return tf.reshape(tf.sum(tf.reshape(taps, [g.kH, g.kW, n, c]), 2), filterShape);
}

/**
 * Depth multiplier 1: the input gradient as one "full" depthwise correlation of
 * dy (dilated by the stride) with the kernel turned by 180°, in the padded frame.
 */
function depthwiseInputByCorrelation(dy: tf.Tensor4D, filter: tf.Tensor4D, g: Geometry, inputShape: Conv4, hp: number, wp: number): tf.Tensor {
  const [n, h, w, c] = inputShape;
  let d: tf.Tensor4D = dy;
  if (g.sH > 1 || g.sW > 1) {
    const spread = tf.pad(tf.reshape(dy, [n, g.outH, 1, g.outW, 1, c]), [[0, 0], [0, 0], [0, g.sH - 1], [0, 0], [0, g.sW - 1], [0, 0]]);
    d = tf.reshape(spread, [n, g.outH * g.sH, g.outW * g.sW, c]);
    d = tf.slice(d, [0, 0, 0, 0], [n, (g.outH - 1) * g.sH + 1, (g.outW - 1) * g.sW + 1, c]);
  }
  const [, dh, dw] = d.shape;
  const padded = tf.pad(d, [[0, 0], [g.kH - 1, hp - dh], [g.kW - 1, wp - dw], [0, 0]]);
  const dxPad = tf.depthwiseConv2d(padded, tf.reverse(filter, [0, 1]) as tf.Tensor4D, 1, 'valid');
  return tf.slice(dxPad, [0, g.top, g.left, 0], [n, h, w, c]);
}

function conv2dBackpropFilter({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.Tensor {
  return tf.tidy(() => {
    const x = inputs.x as tf.Tensor4D;
    const dy = inputs.dy as tf.Tensor4D;
    const a = attrs ?? {};
    const filterShape = a.filterShape as Conv4;
    const g = geometry(x.shape, filterShape, a, false);
    const [, , cin, cout] = filterShape;
    const xpad = padInput(x, g);
    const dy2 = tf.reshape(dy, [-1, cout]);
    const taps: tf.Tensor[] = [];
    for (let kh = 0; kh < g.kH; kh++) {
      for (let kw = 0; kw < g.kW; kw++) taps.push(tf.matMul(tf.reshape(tapSlice(xpad, g, kh, kw), [-1, cin]), dy2, true, false));
    }
    return tf.reshape(tf.stack(taps), filterShape);
  });
}

function depthwiseBackpropFilter({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.Tensor {
  return tf.tidy(() => {
    const x = inputs.x as tf.Tensor4D;
    const dy = inputs.dy as tf.Tensor4D;
    const a = attrs ?? {};
    const filterShape = a.filterShape as Conv4;
    const g = geometry(x.shape, filterShape, a, true);
    const [, , c, m] = filterShape;
    const xpad = padInput(x, g);
    if (m === 1) return depthwiseFilterByCorrelation(xpad, dy, g, filterShape);
    const dy5 = tf.reshape(dy, [dy.shape[0], g.outH, g.outW, c, m]);
    const taps: tf.Tensor[] = [];
    for (let kh = 0; kh < g.kH; kh++) {
      for (let kw = 0; kw < g.kW; kw++) taps.push(tf.sum(tf.mul(tf.expandDims(tapSlice(xpad, g, kh, kw), 4), dy5), [0, 1, 2]));
    }
    return tf.reshape(tf.stack(taps), filterShape);
  });
}

function depthwiseBackpropInput({ inputs, attrs }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }): tf.Tensor {
  return tf.tidy(() => {
    const dy = inputs.dy as tf.Tensor4D;
    const filter = inputs.filter as tf.Tensor4D;
    const a = attrs ?? {};
    const inputShape = a.inputShape as Conv4;
    const g = geometry(inputShape, filter.shape, a, true);
    const [n, h, w, c] = inputShape;
    const m = filter.shape[3];
    const hp = h + g.top + g.bottom;
    const wp = w + g.left + g.right;
    if (m === 1) return depthwiseInputByCorrelation(dy, filter, g, inputShape, hp, wp);
    const dy5 = tf.reshape(dy, [n, g.outH, g.outW, c, m]);
    const parts: tf.Tensor4D[] = [];
    for (let kh = 0; kh < g.kH; kh++) {
      for (let kw = 0; kw < g.kW; kw++) {
        const wTap = tf.reshape(tf.slice(filter, [kh, kw, 0, 0], [1, 1, c, m]), [c, m]);
        parts.push(scatterTap(tf.sum(tf.mul(dy5, wTap), 4), g, kh, kw, hp, wp));
      }
    }
    return tf.slice(tf.addN(parts), [0, g.top, g.left, 0], [n, h, w, c]);
  });
}

/**
 * The BatchNorm gradient with broadcasting instead of tfjs's tile of the
 * per-channel factors to the whole activation (the same values, a third of
 * the training step's time on wasm). y = (x − mean)·r·scale + offset,
 * r = 1/sqrt(variance + ε); per-channel tensors, reduced over all other axes.
 */
function batchNormGradient(dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap): Record<string, () => tf.Tensor> {
  const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
  const eps = attrs.varianceEpsilon as number;
  const axes = Array.from({ length: x.rank - mean.rank }, (_, i) => i);
  const r = tf.rsqrt(tf.add(variance, eps));
  const s = scale ?? tf.scalar(1);
  const centered = (): tf.Tensor => tf.sub(x, mean);
  return {
    x: () => tf.mul(dy, tf.mul(r, s)),
    mean: () => tf.neg(tf.mul(tf.sum(dy, axes), tf.mul(r, s))),
    variance: () => tf.mul(tf.sum(tf.mul(dy, centered()), axes), tf.mul(tf.mul(s, tf.pow(r, 3)), -0.5)),
    scale: () => tf.mul(tf.sum(tf.mul(dy, centered()), axes), r),
    offset: () => tf.sum(dy, axes),
  };
}

/** Register the three kernels for the wasm backend and the BatchNorm gradient (idempotent). */
export function registerWasmConvGradients(): void {
  const kernels: [string, tf.KernelFunc][] = [
    ['Conv2DBackpropFilter', conv2dBackpropFilter as unknown as tf.KernelFunc],
    ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter as unknown as tf.KernelFunc],
    ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput as unknown as tf.KernelFunc],
  ];
  for (const [kernelName, kernelFunc] of kernels) {
    if (tf.getKernel(kernelName, 'wasm') === undefined) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  tf.registerGradient({
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: batchNormGradient as unknown as tf.GradFunc,
  });
}
