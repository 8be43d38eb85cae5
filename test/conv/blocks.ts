/**
 * The example blocks of issue 5 as graphs with seeded weights: SqueezeNet
 * fire module, MobileNetV1 depthwise-separable block, MobileNetV2 inverted
 * residual with skip, ShuffleNet units (stride 1 with residual Add, stride 2
 * with average-pooled shortcut and Concatenate), and two small graphs that
 * exercise the 1D ops, zero padding and upsampling.
 */
import { Builder } from './builder.js';
import type { MixedGraph } from './harness.js';

/** SqueezeNet fire module: squeeze 1×1 → (expand 1×1 ‖ expand 3×3) → concat, then max pool and global average. */
export function fireModule(seed = 1): MixedGraph {
  const b = new Builder(seed);
  const x = b.input('input_1', [7, 7, 6]);
  const s = b.relu('squeeze_relu', b.conv('squeeze1x1', x, { filters: 4, k: [1, 1] }));
  const e1 = b.relu('expand1x1_relu', b.conv('expand1x1', s, { filters: 6, k: [1, 1] }));
  const e3 = b.relu('expand3x3_relu', b.conv('expand3x3', s, { filters: 6, k: [3, 3], padding: 'same' }));
  const cat = b.concat('fire_concat', [e1, e3]);
  const mp = b.pool('maxpool', cat, 'max', [3, 3], [2, 2], 'valid');
  return b.graph('fire', [b.globalPool('gap', mp, 'avg')]);
}

/** MobileNetV1: depthwise 3×3 + BN + ReLU6 → pointwise 1×1 + BN + ReLU6, twice (second strided), then a SeparableConv2D and a Dense head. */
export function mobilenetV1Block(seed = 2): MixedGraph {
  const b = new Builder(seed);
  const x = b.input('input_1', [8, 8, 4]);
  let h = b.relu6('dw1_relu6', b.batchnorm('dw1_bn', b.depthwise('dw1', x, [3, 3])));
  h = b.relu6('pw1_relu6', b.batchnorm('pw1_bn', b.conv('pw1', h, { filters: 8, k: [1, 1], bias: false })));
  h = b.relu6('dw2_relu6', b.batchnorm('dw2_bn', b.depthwise('dw2', h, [3, 3], [2, 2], 'same')));
  h = b.relu('sep_relu', b.batchnorm('sep_bn', b.separable('sep', h, 8, [3, 3])));
  const g = b.globalPool('gap', h, 'avg');
  return b.graph('mobilenet_v1', [b.dense('logits', g, 4)]);
}

/** MobileNetV2 inverted residual: expand 1×1 + BN + ReLU6 → depthwise 3×3 + BN + ReLU6 → project 1×1 + BN → Add(input). */
export function invertedResidual(seed = 3): MixedGraph {
  const b = new Builder(seed);
  const x = b.input('input_1', [6, 6, 4]);
  let h = b.relu6('expand_relu6', b.batchnorm('expand_bn', b.conv('expand', x, { filters: 16, k: [1, 1], bias: false })));
  h = b.relu6('depthwise_relu6', b.batchnorm('depthwise_bn', b.depthwise('depthwise', h, [3, 3])));
  h = b.batchnorm('project_bn', b.conv('project', h, { filters: 4, k: [1, 1], bias: false }));
  return b.graph('mobilenet_v2', [b.sum('add', [x, h])]);
}

/** ShuffleNet unit, stride 1: group conv 1×1 + BN + ReLU → shuffle → depthwise 3×3 + BN → group conv 1×1 + BN → Add(input) → ReLU. */
export function shuffleUnit(seed = 4): MixedGraph {
  const b = new Builder(seed);
  const x = b.input('input_1', [6, 6, 8]);
  let h = b.relu('gconv1_relu', b.batchnorm('gconv1_bn', b.conv('gconv1', x, { filters: 8, k: [1, 1], groups: 2 })));
  h = b.shuffle('shuffle', h, 2);
  h = b.batchnorm('dw_bn', b.depthwise('dw', h, [3, 3]));
  h = b.batchnorm('gconv2_bn', b.conv('gconv2', h, { filters: 8, k: [1, 1], groups: 2 }));
  return b.graph('shufflenet', [b.relu('out_relu', b.sum('add', [x, h]))]);
}

/** ShuffleNet unit, stride 2: average-pooled shortcut ('same', so edge windows average fewer elements) ‖ main branch → Concatenate → ReLU. */
export function shuffleUnitStride2(seed = 5): MixedGraph {
  const b = new Builder(seed);
  const x = b.input('input_1', [7, 7, 6]);
  const sc = b.pool('shortcut_pool', x, 'avg', [3, 3], [2, 2], 'same');
  let h = b.relu('gconv1_relu', b.batchnorm('gconv1_bn', b.conv('gconv1', x, { filters: 6, k: [1, 1], groups: 3 })));
  h = b.shuffle('shuffle', h, 3);
  h = b.batchnorm('dw_bn', b.depthwise('dw', h, [3, 3], [2, 2], 'same'));
  h = b.batchnorm('gconv2_bn', b.conv('gconv2', h, { filters: 6, k: [1, 1], groups: 3 }));
  return b.graph('shufflenet_s2', [b.relu('out_relu', b.concat('concat', [sc, h]))]);
}

/** 1D ops: zero padding, strided valid Conv1D, 'same' MaxPool1D, UpSampling1D, 'same' AveragePool1D, GlobalMaxPool. */
export function oneDimensional(seed = 6): MixedGraph {
  const b = new Builder(seed);
  const x = b.input('input_1', [10, 3]);
  let h = b.zeroPad('pad', x, { before: [1], after: [2] });
  h = b.relu('conv_relu', b.conv('conv1d', h, { filters: 4, k: [3], strides: [2], padding: 'valid', sparsity: 0.3 }));
  h = b.pool('maxpool', h, 'max', [2], [1], 'same');
  h = b.upsample('up', h, [2]);
  const a = b.pool('avgpool', h, 'avg', [3], [2], 'same');
  return b.graph('one_d', [a, b.globalPool('gmp', h, 'max')]);
}

/** 2D data movement and pooling: valid conv, asymmetric zero padding, upsampling, exact 2×2 average, grouped conv with depth multiplier. */
export function movement2d(seed = 7): MixedGraph {
  const b = new Builder(seed);
  const x = b.input('input_1', [5, 5, 2]);
  let h = b.conv('conv', x, { filters: 4, k: [2, 2], padding: 'valid' });
  h = b.zeroPad('pad', h, { before: [1, 0], after: [0, 1] });
  h = b.upsample('up', h, [2, 1]);
  h = b.pool('avg2x2', h, 'avg', [2, 2], [2, 2], 'valid');
  h = b.depthwise('dw_mult', h, [2, 1], [1, 1], 'valid', 2);
  h = b.conv('gconv', h, { filters: 4, k: [1, 2], groups: 4, padding: { before: [0, 1], after: [0, 0] } });
  return b.graph('movement_2d', [b.globalPool('gap', h, 'avg', true)]);
}

export const ALL_BLOCKS: readonly (readonly [string, () => MixedGraph])[] = [
  ['SqueezeNet fire module', () => fireModule()],
  ['MobileNetV1 depthwise-separable block', () => mobilenetV1Block()],
  ['MobileNetV2 inverted residual', () => invertedResidual()],
  ['ShuffleNet unit (stride 1)', () => shuffleUnit()],
  ['ShuffleNet unit (stride 2)', () => shuffleUnitStride2()],
  ['1D ops', () => oneDimensional()],
  ['2D data movement', () => movement2d()],
];
