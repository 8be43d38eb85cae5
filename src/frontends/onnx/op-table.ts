/**
 * ONNX op → converter, for the default domain and the QONNX domains. An op
 * the graph IR cannot express yet has an `unsupported` entry (FF006 naming
 * the node and op), so supporting it later is a change of its entry; an op
 * not listed at all is FF006 as well.
 */
import { fail, type OpContext, type OpConverter, type OpResult } from './op-context.js';
import { clip, constant, dropout, identity, leakyRelu, relu, sigmoid, softmax, tanh } from './ops-activation.js';
import { add, batchNorm, gemm, matmul } from './ops-linear.js';
import { bipolarQuant, dequantizeLinear, quant, quantizeLinear, trunc } from './ops-quant.js';
import { averagePool, concat, conv, globalAveragePool, globalMaxPool, maxPool, pad } from './ops-conv.js';
import { flatten, reshape, transpose } from './ops-shape.js';

function unsupported(reason: string): OpConverter {
  return (ctx: OpContext): OpResult => fail(ctx, 'FF006', `not supported yet: ${reason}`, 'op_type');
}

const NO_MERGE = unsupported('the graph IR has no element-wise arithmetic but Add');

export const ONNX_OPS: Readonly<Record<string, OpConverter>> = {
  Gemm: gemm,
  MatMul: matmul,
  Add: add,
  BatchNormalization: batchNorm,
  Relu: relu,
  LeakyRelu: leakyRelu,
  Clip: clip,
  Sigmoid: sigmoid,
  Tanh: tanh,
  Softmax: softmax,
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  Identity: identity,
  Dropout: dropout,
  Constant: constant,
  QuantizeLinear: quantizeLinear,
  DequantizeLinear: dequantizeLinear,
  Conv: conv,
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: globalAveragePool,
  GlobalMaxPool: globalMaxPool,
  Concat: concat,
  Pad: pad,
  // not in the graph IR yet
  ConvTranspose: unsupported('the graph IR has no transposed convolution'),
  Sub: NO_MERGE,
  Mul: NO_MERGE,
  Div: NO_MERGE,
  Sum: NO_MERGE,
};

export const QONNX_OPS: Readonly<Record<string, OpConverter>> = {
  Quant: quant,
  BipolarQuant: bipolarQuant,
  Trunc: trunc,
};
