/**
 * Keras layer class → converter. A layer the graph IR cannot express yet
 * has an `unsupported` entry (FF006 naming the layer and its class), so
 * supporting it later is a change of this table's entry; a class not listed
 * at all is FF006 as well.
 */
import type { LayerConverter } from './layer-context.js';
import { activation, dense, identity, inputLayer, leakyRelu, relu, softmax, unsupported } from './layers-core.js';
import { convFamily, qSeparable } from './layers-conv.js';
import { batchNorm, flatten, reshape } from './layers-shape.js';

const NO_CONV = unsupported('the graph IR has no transposed or 3D convolution');
const NO_MERGE = unsupported('the graph IR has element-wise Add only (and Concatenate)');
const NO_CROP = unsupported('the graph IR has no cropping');
const NO_RNN = unsupported('recurrent layers are not supported');

export const LAYER_TABLE: Readonly<Record<string, LayerConverter>> = {
  InputLayer: inputLayer,
  Dense: dense,
  QDense: dense,
  Activation: activation,
  QActivation: activation,
  ReLU: relu,
  LeakyReLU: leakyRelu,
  Softmax: softmax,
  BatchNormalization: batchNorm,
  Flatten: flatten,
  Reshape: reshape,
  // the identity at inference
  Dropout: identity,
  SpatialDropout1D: identity,
  SpatialDropout2D: identity,
  SpatialDropout3D: identity,
  GaussianDropout: identity,
  GaussianNoise: identity,
  AlphaDropout: identity,
  ActivityRegularization: identity,
  // convolution family (keras-layers/conv-nodes.ts)
  Conv1D: convFamily('Conv1D'),
  Conv2D: convFamily('Conv2D'),
  DepthwiseConv1D: convFamily('DepthwiseConv1D'),
  DepthwiseConv2D: convFamily('DepthwiseConv2D'),
  SeparableConv1D: convFamily('SeparableConv1D'),
  SeparableConv2D: convFamily('SeparableConv2D'),
  QConv1D: convFamily('Conv1D', 'kernel_quantizer'),
  QConv2D: convFamily('Conv2D', 'kernel_quantizer'),
  QDepthwiseConv2D: convFamily('DepthwiseConv2D', 'depthwise_quantizer'),
  MaxPooling1D: convFamily('MaxPooling1D'),
  MaxPooling2D: convFamily('MaxPooling2D'),
  AveragePooling1D: convFamily('AveragePooling1D'),
  AveragePooling2D: convFamily('AveragePooling2D'),
  GlobalAveragePooling1D: convFamily('GlobalAveragePooling1D'),
  GlobalAveragePooling2D: convFamily('GlobalAveragePooling2D'),
  GlobalMaxPooling1D: convFamily('GlobalMaxPooling1D'),
  GlobalMaxPooling2D: convFamily('GlobalMaxPooling2D'),
  ZeroPadding1D: convFamily('ZeroPadding1D'),
  ZeroPadding2D: convFamily('ZeroPadding2D'),
  UpSampling1D: convFamily('UpSampling1D'),
  UpSampling2D: convFamily('UpSampling2D'),
  Add: convFamily('Add'),
  Concatenate: convFamily('Concatenate'),
  Conv3D: NO_CONV,
  Conv1DTranspose: NO_CONV,
  Conv2DTranspose: NO_CONV,
  QSeparableConv1D: qSeparable('SeparableConv1D'),
  QSeparableConv2D: qSeparable('SeparableConv2D'),
  QAveragePooling2D: unsupported('quantized average pooling is not mapped yet'),
  QGlobalAveragePooling2D: unsupported('quantized average pooling is not mapped yet'),
  Subtract: NO_MERGE,
  Multiply: NO_MERGE,
  Average: NO_MERGE,
  Maximum: NO_MERGE,
  Minimum: NO_MERGE,
  Dot: NO_MERGE,
  Cropping1D: NO_CROP,
  Cropping2D: NO_CROP,
  QBatchNormalization: unsupported('quantized batch normalization is not mapped yet'),
  Permute: unsupported('the graph IR has no transpose'),
  PReLU: unsupported('PReLU has per-channel slopes the graph IR cannot hold'),
  ELU: unsupported('the graph IR has no ELU'),
  ThresholdedReLU: unsupported('the graph IR has no thresholded ReLU'),
  Embedding: unsupported('the graph IR has no embedding lookup'),
  SimpleRNN: NO_RNN,
  LSTM: NO_RNN,
  GRU: NO_RNN,
  QSimpleRNN: NO_RNN,
  QLSTM: NO_RNN,
  QGRU: NO_RNN,
  Bidirectional: NO_RNN,
};
