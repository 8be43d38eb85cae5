/**
 * Size and cost of one convolution node, counted as model-size.ts counts a
 * Dense: a kernel entry costs its weight width when its code is non-zero, a
 * bias its bias width; a sparse index addresses one of the KH·KW·Cg taps
 * feeding an output. MACs: every kernel entry is used once per output
 * position (the multiplies at padded positions included, as usually quoted);
 * a separable conv counts its depthwise and pointwise kernels, both at the
 * output positions (its strides act in the depthwise half).
 */
import type { FoldableConvNode } from '../../ir/graph/conv-types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { floatCaster } from '../quantize/float-cast.js';
import { resolvePrecision, type PrecisionConfigObject } from '../quantize/precision-config.js';
import { channelsOf } from './window.js';

const FLOAT_BITS = 32;

export interface ConvCost {
  readonly parameters: number;
  readonly nonzero: number;
  readonly weightBits: number;
  readonly indexBits: number;
  readonly denseMacs: number;
  readonly macs: number;
}

/** Kernels of the node with the number of taps (inputs) feeding one output through each. */
export function convKernels(node: FoldableConvNode): { kernel: readonly number[]; fanIn: number }[] {
  const area = (node.kernelSize as readonly number[]).reduce((a, b) => a * b, 1);
  switch (node.op) {
    case 'conv':
      return [{ kernel: node.kernel, fanIn: node.kernel.length / Math.max(1, node.filters) }];
    case 'depthwise_conv':
      return [{ kernel: node.kernel, fanIn: area }];
    case 'separable_conv':
      return [
        { kernel: node.depthwiseKernel, fanIn: area },
        { kernel: node.pointwiseKernel, fanIn: node.pointwiseKernel.length / Math.max(1, node.filters) },
      ];
  }
}

export function convCost(node: FoldableConvNode, config: PrecisionConfigObject): ConvCost {
  const wt = resolvePrecision(config, node, 'weight');
  const wBits = wt?.width ?? FLOAT_BITS;
  const bBits = resolvePrecision(config, node, 'bias')?.width ?? FLOAT_BITS;
  const code = wt === undefined ? (w: number) => w : floatCaster(wt);
  const positions = shapeSize(node.shape) / channelsOf(node.shape);
  const nb = node.bias?.length ?? 0;
  let parameters = nb;
  let nonzero = node.bias?.reduce((a, b) => a + (b !== 0 ? 1 : 0), 0) ?? 0;
  let weightBits = nb * bBits;
  let indexBits = 0;
  let denseMacs = 0;
  let macs = 0;
  for (const { kernel, fanIn } of convKernels(node)) {
    const nzw = kernel.reduce((a, w) => a + (code(w) !== 0 ? 1 : 0), 0);
    parameters += kernel.length;
    nonzero += nzw;
    weightBits += nzw * wBits;
    indexBits += nzw * Math.max(1, Math.ceil(Math.log2(Math.max(2, fanIn))));
    denseMacs += kernel.length * positions;
    macs += nzw * positions;
  }
  return { parameters, nonzero, weightBits, indexBits, denseMacs, macs };
}
