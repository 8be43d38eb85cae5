/**
 * Keras layer class → converter. A layer the graph IR cannot express yet
 * has an `unsupported` entry (FF006 naming the layer and its class), so
 * supporting it later is a change of this table's entry; a class not listed
 * at all is FF006 as well.
 */
import type { LayerConverter } from './layer-context.js';
import { activation, dense, identity, inputLayer, leakyRelu, relu, softmax, unsupported } from './layers-core.js';
import { batchNorm, flatten, reshape } from './layers-shape.js';

const NO_CONV = unsupported('the graph IR has no convolution yet');
const NO_POOL = unsupported('the graph IR has no pooling yet');
const NO_MERGE = unsupported('the graph IR has no element-wise merge (add, concatenate …) yet');
const NO_PAD = unsupported('the graph IR has no padding, cropping or upsampling yet');
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
  // not in the graph IR yet
  Conv1D: NO_CONV,
  Conv2D: NO_CONV,
  Conv3D: NO_CONV,
  DepthwiseConv1D: NO_CONV,
  DepthwiseConv2D: NO_CONV,
  SeparableConv1D: NO_CONV,
  SeparableConv2D: NO_CONV,
  Conv1DTranspose: NO_CONV,
  Conv2DTranspose: NO_CONV,
  QConv1D: NO_CONV,
  QConv2D: NO_CONV,
  QDepthwiseConv2D: NO_CONV,
  QSeparableConv1D: NO_CONV,
  QSeparableConv2D: NO_CONV,
  MaxPooling1D: NO_POOL,
  MaxPooling2D: NO_POOL,
  AveragePooling1D: NO_POOL,
  AveragePooling2D: NO_POOL,
  GlobalAveragePooling1D: NO_POOL,
  GlobalAveragePooling2D: NO_POOL,
  GlobalMaxPooling1D: NO_POOL,
  GlobalMaxPooling2D: NO_POOL,
  QAveragePooling2D: NO_POOL,
  QGlobalAveragePooling2D: NO_POOL,
  Add: NO_MERGE,
  Subtract: NO_MERGE,
  Multiply: NO_MERGE,
  Average: NO_MERGE,
  Maximum: NO_MERGE,
  Minimum: NO_MERGE,
  Concatenate: NO_MERGE,
  Dot: NO_MERGE,
  ZeroPadding1D: NO_PAD,
  ZeroPadding2D: NO_PAD,
  Cropping1D: NO_PAD,
  Cropping2D: NO_PAD,
  UpSampling1D: NO_PAD,
  UpSampling2D: NO_PAD,
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
