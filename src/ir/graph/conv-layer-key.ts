/** The `layerType` configuration key (Keras class name) of each conv-family graph node. */
import type { ConvGraphNode } from './conv-types.js';

export const CONV_LAYER_TYPE_KEYS = [
  'Conv1D',
  'Conv2D',
  'DepthwiseConv1D',
  'DepthwiseConv2D',
  'SeparableConv1D',
  'SeparableConv2D',
  'MaxPooling1D',
  'MaxPooling2D',
  'AveragePooling1D',
  'AveragePooling2D',
  'GlobalAveragePooling',
  'GlobalMaxPooling',
  'ZeroPadding1D',
  'ZeroPadding2D',
  'Add',
  'Concatenate',
  'UpSampling1D',
  'UpSampling2D',
  'ChannelShuffle',
] as const;

export type ConvLayerTypeKey = (typeof CONV_LAYER_TYPE_KEYS)[number];

function dims(n: number): '1D' | '2D' {
  return n === 1 ? '1D' : '2D';
}

export function convLayerTypeKey(node: ConvGraphNode): ConvLayerTypeKey {
  switch (node.op) {
    case 'conv':
      return `Conv${dims(node.kernelSize.length)}`;
    case 'depthwise_conv':
      return `DepthwiseConv${dims(node.kernelSize.length)}`;
    case 'separable_conv':
      return `SeparableConv${dims(node.kernelSize.length)}`;
    case 'pool':
      return node.kind === 'max' ? `MaxPooling${dims(node.poolSize.length)}` : `AveragePooling${dims(node.poolSize.length)}`;
    case 'global_pool':
      return node.kind === 'max' ? 'GlobalMaxPooling' : 'GlobalAveragePooling';
    case 'zero_pad':
      return `ZeroPadding${dims(node.padding.before.length)}`;
    case 'add':
      return 'Add';
    case 'concat':
      return 'Concatenate';
    case 'upsample':
      return `UpSampling${dims(node.size.length)}`;
    case 'channel_shuffle':
      return 'ChannelShuffle';
  }
}
