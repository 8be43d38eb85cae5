#!/usr/bin/python3
"""Writes the Keras fixtures of test/frontends/keras into test/fixtures/keras.

Run with Debian's python3 (it has h5py and numpy):

    /usr/bin/python3 scripts/make-fixtures/make_keras_fixtures.py

Each model is written in the layout Keras itself writes (legacy HDF5 of
Keras 2 `save` / `save_weights`, Keras 3 `.keras` archive and `.weights.h5`)
without needing Keras: the configs are written out literally, weights come
from a seeded generator, and `<name>.expected.json` holds inputs and the
outputs computed here with numpy in float64, the quantizers following
QKeras's formulas (round half to even, clip, scale by powers of two).
The JSON and zip members are deterministic; the HDF5 files are not byte for
byte (HDF5 records group times), only in content: regenerate one fixture by
calling its function rather than all of them, to keep the others' bytes.
"""
import io
import json
import os
import zipfile

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'keras')


def rng(seed):
    return np.random.default_rng(seed)


def f32(a):
    return np.asarray(a, dtype=np.float32)


# ---------------------------------------------------------------- numpy model
def relu(x):
    return np.maximum(x, 0.0)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def batchnorm(x, g, b, m, v, eps):
    g, b, m, v = (np.asarray(a, dtype=np.float64) for a in (g, b, m, v))
    return g * (x - m) / np.sqrt(v + eps) + b


def q_bits(x, bits, integer, symmetric=0, keep_negative=True):
    """QKeras quantized_bits with alpha = 1."""
    u = bits - (1 if keep_negative else 0)
    m = 2.0 ** u
    mi = 2.0 ** integer
    lo = (-m + symmetric) if keep_negative else 0.0
    return mi * np.clip(np.round(x * m / mi), lo, m - 1) / m


def q_relu(x, bits, integer):
    """QKeras quantized_relu (use_sigmoid = 0, negative_slope = 0)."""
    m = 2.0 ** bits
    mi = 2.0 ** integer
    return mi * np.clip(np.round(x * m / mi) / m, 0.0, 1.0 - 1.0 / m)


def binary(x):
    return np.where(x < 0, -1.0, 1.0)


def ternary(x, threshold=0.33):
    return np.where(np.abs(x) >= np.float32(threshold), np.sign(x), 0.0)


# ---------------------------------------------------------------- HDF5 writers
def names_attr(names):
    return np.array([n.encode('utf8') for n in names]) if names else np.array([], dtype=np.float64)


def write_legacy_weights(group, layers):
    """layers: list of (layer name, [(weight name, array)]) in model order."""
    group.attrs['layer_names'] = names_attr([n for n, _ in layers])
    group.attrs['backend'] = b'tensorflow'
    group.attrs['keras_version'] = b'2.4.0'
    for name, weights in layers:
        g = group.create_group(name, track_order=True)
        g.attrs['weight_names'] = names_attr([f'{name}/{w}:0' for w, _ in weights])
        for w, a in weights:
            g.create_dataset(f'{name}/{w}:0', data=f32(a), track_times=False)


def h5_bytes(fill):
    buf = io.BytesIO()
    with h5py.File(buf, 'w', track_order=True) as f:
        fill(f)
    return buf.getvalue()


def write(name, data):
    path = os.path.join(OUT, name)
    mode = 'w' if isinstance(data, str) else 'wb'
    with open(path, mode) as fh:
        fh.write(data)
    print('wrote', os.path.relpath(path))


def expected(name, inputs, outputs):
    write(f'{name}.expected.json', json.dumps({'inputs': np.asarray(inputs).tolist(), 'outputs': np.asarray(outputs).tolist()}, indent=1) + '\n')


def dense_cfg(name, units, activation='linear', use_bias=True, **extra):
    cfg = {'name': name, 'trainable': True, 'dtype': 'float32', 'units': units, 'activation': activation, 'use_bias': use_bias,
           'kernel_initializer': {'class_name': 'GlorotUniform', 'config': {'seed': None}}, 'bias_initializer': {'class_name': 'Zeros', 'config': {}},
           'kernel_regularizer': None, 'bias_regularizer': None, 'activity_regularizer': None, 'kernel_constraint': None, 'bias_constraint': None}
    cfg.update(extra)
    return cfg


def k2_layer(cls, cfg, inbound):
    return {'name': cfg['name'], 'class_name': cls, 'config': cfg, 'inbound_nodes': [[[i, 0, 0, {}] for i in inbound]] if inbound else []}


# ---------------------------------------------------------------- 1. Keras 2 functional, full model .h5
def keras2_functional():
    r = rng(1)
    w1, b1 = r.normal(0, 0.5, (8, 6)), r.normal(0, 0.1, 6)
    gamma, beta = r.uniform(0.5, 1.5, 6), r.normal(0, 0.2, 6)
    mean, var = r.normal(0, 0.3, 6), r.uniform(0.2, 2.0, 6)
    w2, b2 = r.normal(0, 0.5, (6, 4)), r.normal(0, 0.1, 4)
    w1, b1, gamma, beta, mean, var, w2, b2 = map(f32, (w1, b1, gamma, beta, mean, var, w2, b2))
    layers = [
        k2_layer('InputLayer', {'batch_input_shape': [None, 8], 'dtype': 'float32', 'sparse': False, 'name': 'in'}, []),
        k2_layer('Dense', dense_cfg('d1', 6, 'relu'), ['in']),
        k2_layer('BatchNormalization', {'name': 'bn', 'axis': -1, 'momentum': 0.99, 'epsilon': 0.001, 'center': True, 'scale': True}, ['d1']),
        k2_layer('LeakyReLU', {'name': 'lrelu', 'alpha': 0.1}, ['bn']),
        k2_layer('Dropout', {'name': 'drop', 'rate': 0.25}, ['lrelu']),
        k2_layer('Dense', dense_cfg('d2', 4), ['drop']),
        k2_layer('Softmax', {'name': 'sm', 'axis': -1}, ['d2']),
    ]
    config = {'class_name': 'Model', 'config': {'name': 'func2', 'layers': layers, 'input_layers': [['in', 0, 0]], 'output_layers': [['sm', 0, 0]]},
              'keras_version': '2.4.0', 'backend': 'tensorflow'}
    weights = [('in', []), ('d1', [('kernel', w1), ('bias', b1)]),
               ('bn', [('gamma', gamma), ('beta', beta), ('moving_mean', mean), ('moving_variance', var)]),
               ('lrelu', []), ('drop', []), ('d2', [('kernel', w2), ('bias', b2)]), ('sm', [])]

    def fill(f):
        f.attrs['model_config'] = json.dumps(config).encode('utf8')
        f.attrs['keras_version'] = b'2.4.0'
        f.attrs['backend'] = b'tensorflow'
        write_legacy_weights(f.create_group('model_weights', track_order=True), weights)

    write('keras2_functional.h5', h5_bytes(fill))
    x = r.normal(0, 1, (5, 8))
    h = relu(x @ w1.astype(np.float64) + b1)
    h = batchnorm(h, gamma, beta, mean, var, 0.001)
    h = np.where(h >= 0, h, 0.1 * h)
    y = softmax(h @ w2.astype(np.float64) + b2)
    expected('keras2_functional', x, y)


# ---------------------------------------------------------------- 2. Keras 2 Sequential (list config), JSON + weights-only .h5
def keras2_sequential():
    r = rng(2)
    w1, b1 = f32(r.normal(0, 0.5, (6, 5))), f32(r.normal(0, 0.1, 5))
    w2, b2 = f32(r.normal(0, 0.5, (5, 3))), f32(r.normal(0, 0.1, 3))
    layers = [
        {'class_name': 'Flatten', 'config': {'name': 'flat', 'trainable': True, 'batch_input_shape': [None, 2, 3], 'dtype': 'float32', 'data_format': 'channels_last'}},
        {'class_name': 'Dense', 'config': dense_cfg('h', 5, 'tanh')},
        {'class_name': 'ReLU', 'config': {'name': 'relu6', 'max_value': 6.0, 'negative_slope': 0.0, 'threshold': 0.0}},
        {'class_name': 'Dense', 'config': dense_cfg('o', 3, 'sigmoid')},
        {'class_name': 'Reshape', 'config': {'name': 'r', 'target_shape': [3, 1]}},
    ]
    config = {'class_name': 'Sequential', 'config': layers, 'keras_version': '2.1.3', 'backend': 'tensorflow'}
    write('keras2_sequential.json', json.dumps(config, indent=1) + '\n')
    weights = [('flat', []), ('h', [('kernel', w1), ('bias', b1)]), ('relu6', []), ('o', [('kernel', w2), ('bias', b2)]), ('r', [])]
    write('keras2_sequential_weights.h5', h5_bytes(lambda f: write_legacy_weights(f, weights)))
    x = r.normal(0, 2, (4, 2, 3))
    h = np.minimum(relu(np.tanh(x.reshape(4, 6) @ w1.astype(np.float64) + b1)), 6.0)
    y = sigmoid(h @ w2.astype(np.float64) + b2)
    expected('keras2_sequential', x.reshape(4, 6), y)

    # broken variants for error tests
    bad = [('flat', []), ('h', [('kernel', f32(np.zeros((7, 5)))), ('bias', b1)]), ('relu6', []), ('o', [('kernel', w2), ('bias', b2)]), ('r', [])]
    write('keras2_sequential_badshape.h5', h5_bytes(lambda f: write_legacy_weights(f, bad)))
    w_nan = w2.copy()
    w_nan[1, 2] = np.nan
    nan = [('flat', []), ('h', [('kernel', w1), ('bias', b1)]), ('relu6', []), ('o', [('kernel', w_nan), ('bias', b2)]), ('r', [])]
    write('keras2_sequential_nan.h5', h5_bytes(lambda f: write_legacy_weights(f, nan)))
    missing = [('flat', []), ('h', [('kernel', w1)]), ('relu6', []), ('o', [('kernel', w2), ('bias', b2)]), ('r', [])]
    write('keras2_sequential_missing.h5', h5_bytes(lambda f: write_legacy_weights(f, missing)))


# ---------------------------------------------------------------- 3. Keras 3 functional: .keras archive, and JSON + .weights.h5
def k3_tensor(name, shape):
    return {'class_name': '__keras_tensor__', 'config': {'shape': shape, 'dtype': 'float32', 'keras_history': [name, 0, 0]}}


def k3_layer(cls, cfg, inbound, in_shape):
    layer = {'module': 'keras.layers', 'class_name': cls, 'config': cfg, 'registered_name': None, 'name': cfg['name'],
             'inbound_nodes': [{'args': [k3_tensor(inbound, in_shape)], 'kwargs': {}}] if inbound else []}
    if inbound:
        layer['build_config'] = {'input_shape': in_shape}
    return layer


def keras3_functional():
    r = rng(3)
    w1, b1 = f32(r.normal(0, 0.6, (5, 7))), f32(r.normal(0, 0.2, 7))
    gamma, beta = f32(r.uniform(0.5, 1.5, 7)), f32(r.normal(0, 0.2, 7))
    mean, var = f32(r.normal(0, 0.3, 7)), f32(r.uniform(0.2, 2.0, 7))
    w2 = f32(r.normal(0, 0.6, (7, 2)))
    w3, b3 = f32(r.normal(0, 0.6, (2, 3))), f32(r.normal(0, 0.2, 3))
    layers = [
        {'module': 'keras.layers', 'class_name': 'InputLayer', 'config': {'batch_shape': [None, 5], 'dtype': 'float32', 'sparse': False, 'name': 'inp'},
         'registered_name': None, 'name': 'inp', 'inbound_nodes': []},
        k3_layer('Dense', dense_cfg('first', 7, 'relu6'), 'inp', [None, 5]),
        k3_layer('BatchNormalization', {'name': 'norm', 'axis': -1, 'momentum': 0.99, 'epsilon': 0.01, 'center': True, 'scale': True}, 'first', [None, 7]),
        k3_layer('Dense', dense_cfg('narrow', 2, use_bias=False), 'norm', [None, 7]),
        k3_layer('Activation', {'name': 'act', 'activation': 'tanh'}, 'narrow', [None, 2]),
        k3_layer('Dense', dense_cfg('out', 3, {'module': 'keras.activations', 'class_name': 'function', 'config': 'sigmoid', 'registered_name': 'function'}), 'act', [None, 2]),
    ]
    config = {'module': 'keras', 'class_name': 'Functional', 'config': {'name': 'func3', 'trainable': True, 'layers': layers,
              'input_layers': [['inp', 0, 0]], 'output_layers': ['out', 0, 0]}, 'registered_name': 'Functional'}

    def fill(f):
        f.create_group('vars')
        root = f.create_group('layers', track_order=True)
        for path, arrays in [('dense', [w1, b1]), ('batch_normalization', [gamma, beta, mean, var]), ('dense_1', [w2]), ('activation', []), ('dense_2', [w3, b3])]:
            v = root.create_group(path).create_group('vars', track_order=True)
            for k, a in enumerate(arrays):
                v.create_dataset(str(k), data=a, track_times=False)
        root.create_group('input_layer').create_group('vars')

    weights = h5_bytes(fill)
    text = json.dumps(config)
    write('keras3_functional.json', text + '\n')
    write('keras3_functional.weights.h5', weights)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for name, data, method in [('metadata.json', b'{"keras_version": "3.5.0", "date_saved": "2025-01-01@00:00:00"}', zipfile.ZIP_STORED),
                                   ('config.json', text.encode('utf8'), zipfile.ZIP_DEFLATED),
                                   ('model.weights.h5', weights, zipfile.ZIP_STORED)]:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    write('keras3_functional.keras', buf.getvalue())
    x = r.normal(0, 1.5, (5, 5))
    h = np.clip(x @ w1.astype(np.float64) + b1, 0, 6)
    h = batchnorm(h, gamma, beta, mean, var, 0.01)
    h = np.tanh(h @ w2.astype(np.float64))
    y = sigmoid(h @ w3.astype(np.float64) + b3)
    expected('keras3_functional', x, y)


# ---------------------------------------------------------------- 4. QKeras Sequential, JSON + weights-only .h5
def qkeras_sequential():
    r = rng(4)
    w1, b1 = f32(r.normal(0, 0.5, (6, 5))), f32(r.normal(0, 0.8, 5))
    w2, b2 = f32(r.normal(0, 0.5, (5, 4))), f32(r.normal(0, 0.3, 4))
    w3, b3 = f32(r.normal(0, 0.5, (4, 3))), f32(r.normal(0, 0.5, 3))
    w2[0, 0] = 0.0  # binary(0) is +1
    w3[0, 0], w3[1, 1] = 0.33, -0.33  # ternary threshold, compared in float32
    qb = lambda bits, integer, sym=0: {'class_name': 'quantized_bits', 'config': {'bits': bits, 'integer': integer, 'symmetric': sym, 'alpha': 1,
                                                                                   'keep_negative': True, 'use_stochastic_rounding': False, 'qnoise_factor': 1.0}}
    layers = [
        {'class_name': 'InputLayer', 'config': {'batch_input_shape': [None, 6], 'dtype': 'float32', 'sparse': False, 'ragged': False, 'name': 'q_in'}},
        {'class_name': 'QDense', 'config': dense_cfg('qd1', 5, kernel_quantizer='quantized_bits(4,0,alpha=1)', bias_quantizer=qb(6, 2, 1))},
        {'class_name': 'QActivation', 'config': {'name': 'qa1', 'activation': 'quantized_relu(4,1)'}},
        {'class_name': 'QDense', 'config': dense_cfg('qd2', 4, kernel_quantizer={'class_name': 'binary', 'config': {'use_01': False, 'alpha': None}}, bias_quantizer=None)},
        {'class_name': 'QActivation', 'config': {'name': 'qa2', 'activation': qb(8, 3)}},
        {'class_name': 'QDense', 'config': dense_cfg('qd3', 3, 'quantized_relu(6,2)', kernel_quantizer='ternary()', bias_quantizer='quantized_bits(5,1,0,alpha=1)')},
        {'class_name': 'Activation', 'config': {'name': 'sm', 'activation': 'softmax'}},
    ]
    config = {'class_name': 'Sequential', 'config': {'name': 'qseq', 'layers': layers}, 'keras_version': '2.4.0', 'backend': 'tensorflow'}
    write('qkeras_sequential.json', json.dumps(config, indent=1) + '\n')
    weights = [('qd1', [('kernel', w1), ('bias', b1)]), ('qa1', []), ('qd2', [('kernel', w2), ('bias', b2)]), ('qa2', []),
               ('qd3', [('kernel', w3), ('bias', b3)]), ('sm', [])]
    write('qkeras_sequential_weights.h5', h5_bytes(lambda f: write_legacy_weights(f, weights)))
    x = r.normal(0, 1.5, (6, 6))
    h = x @ q_bits(w1.astype(np.float64), 4, 0) + q_bits(b1.astype(np.float64), 6, 2, 1)
    h = q_relu(h, 4, 1)
    h = h @ binary(w2.astype(np.float64)) + b2.astype(np.float64)
    h = q_bits(h, 8, 3)
    h = h @ ternary(w3) + q_bits(b3.astype(np.float64), 5, 1)
    h = q_relu(h, 6, 2)
    y = softmax(h)
    expected('qkeras_sequential', x, y)
    # the quantized weights, for the exactness test
    write('qkeras_sequential.weights.json', json.dumps({
        'qd1': {'kernel': q_bits(w1.astype(np.float64), 4, 0).tolist(), 'bias': q_bits(b1.astype(np.float64), 6, 2, 1).tolist()},
        'qd2': {'kernel': binary(w2.astype(np.float64)).tolist(), 'bias': b2.astype(np.float64).tolist()},
        'qd3': {'kernel': ternary(w3).astype(np.float64).tolist(), 'bias': q_bits(b3.astype(np.float64), 5, 1).tolist()},
    }, indent=1) + '\n')


# ---------------------------------------------------------------- the real qkeras_3layer model of ../shared/models
def qkeras_3layer_reference():
    """Expected outputs of ../shared/models/qkeras_3layer (read here, not copied)."""
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'models', 'qkeras_3layer_weights.h5')
    if not os.path.exists(src):
        print('skipped qkeras_3layer reference: ../shared/models absent')
        return
    r = rng(5)
    x = r.normal(0, 1.0, (8, 16))
    with h5py.File(src, 'r') as f:
        h = x
        for name in ['fc1', 'fc2', 'fc3', 'output']:
            k = f[f'{name}/{name}/kernel:0'][()].astype(np.float64)
            b = f[f'{name}/{name}/bias:0'][()].astype(np.float64)
            h = h @ q_bits(k, 6, 0) + q_bits(b, 6, 0)
            if name != 'output':
                h = q_relu(h, 6, 0)
        y = softmax(h)
    expected('qkeras_3layer', x, y)


# ---------------------------------------------------------------- numpy references of the convolution family (channels last, one sample)
def same_pad(n, k, s):
    total = max((-(-n // s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def pads_of(shape, k, s, padding):
    if padding == 'valid':
        return [(0, 0)] * len(k)
    if padding == 'causal':
        return [(k[0] - 1, 0)]
    return [same_pad(n, kk, ss) for n, kk, ss in zip(shape, k, s)]


def windows(x, k, s, padding, fill):
    """x [H, W, C] → [oh, ow, kh, kw, C] windows of the padded input."""
    p = pads_of(x.shape[:2], k, s, padding)
    xp = np.pad(x, [p[0], p[1], (0, 0)], constant_values=fill)
    oh = (xp.shape[0] - k[0]) // s[0] + 1
    ow = (xp.shape[1] - k[1]) // s[1] + 1
    return np.stack([np.stack([xp[i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1]] for j in range(ow)]) for i in range(oh)])


def np_conv(x, w, b, s, padding, groups=1):
    """Conv2D, w [kh, kw, C/groups, F]."""
    win = windows(x, w.shape[:2], s, padding, 0.0)
    f = w.shape[3]
    cg = w.shape[2]
    out = np.zeros(win.shape[:2] + (f,))
    for o in range(f):
        g = o // (f // groups)
        out[..., o] = np.einsum('abijc,ijc->ab', win[..., g * cg:(g + 1) * cg], w[..., o])
    return out + (b if b is not None else 0)


def np_depthwise(x, w, b, s, padding):
    """DepthwiseConv2D, w [kh, kw, C, M]; output channel c·M + m."""
    win = windows(x, w.shape[:2], s, padding, 0.0)
    out = np.einsum('abijc,ijcm->abcm', win, w).reshape(win.shape[:2] + (-1,))
    return out + (b if b is not None else 0)


def np_pool(x, k, s, padding, kind):
    win = windows(x, k, s, padding, np.nan)
    return np.nanmax(win, axis=(2, 3)) if kind == 'max' else np.nanmean(win, axis=(2, 3))


def conv_cfg(name, **extra):
    cfg = {'name': name, 'trainable': True, 'dtype': 'float32', 'data_format': 'channels_last', 'activation': 'linear', 'use_bias': True}
    cfg.update(extra)
    return cfg


# ---------------------------------------------------------------- 5. Keras 2 functional CNN, full model .h5: every 2D conv-family layer
def keras2_conv2d():
    r = rng(6)
    w1, b1 = f32(r.normal(0, 0.5, (3, 3, 2, 4))), f32(r.normal(0, 0.1, 4))
    wd, bd = f32(r.normal(0, 0.5, (3, 2, 4, 2))), f32(r.normal(0, 0.1, 8))
    sd, sp = f32(r.normal(0, 0.5, (3, 3, 4, 1))), f32(r.normal(0, 0.5, (1, 1, 4, 8)))
    gamma, beta = f32(r.uniform(0.5, 1.5, 8)), f32(r.normal(0, 0.2, 8))
    mean, var = f32(r.normal(0, 0.3, 8)), f32(r.uniform(0.2, 2.0, 8))
    w2, b2 = f32(r.normal(0, 0.5, (16, 3))), f32(r.normal(0, 0.1, 3))
    L = [
        k2_layer('InputLayer', {'batch_input_shape': [None, 7, 6, 2], 'dtype': 'float32', 'sparse': False, 'name': 'img'}, []),
        k2_layer('Conv2D', conv_cfg('c1', filters=4, kernel_size=[3, 3], strides=[2, 2], padding='same', dilation_rate=[1, 1], groups=1, activation='relu'), ['img']),
        k2_layer('DepthwiseConv2D', conv_cfg('dw', kernel_size=[3, 2], strides=[1, 1], padding='same', depth_multiplier=2, dilation_rate=[1, 1]), ['c1']),
        k2_layer('SeparableConv2D', conv_cfg('sep', filters=8, kernel_size=[3, 3], strides=[1, 1], padding='same', depth_multiplier=1, dilation_rate=[1, 1], use_bias=False), ['c1']),
        k2_layer('Add', {'name': 'sum'}, ['dw', 'sep']),
        k2_layer('BatchNormalization', {'name': 'bn', 'axis': -1, 'momentum': 0.99, 'epsilon': 0.001, 'center': True, 'scale': True}, ['sum']),
        k2_layer('ZeroPadding2D', {'name': 'pad', 'padding': [[1, 0], [0, 1]], 'data_format': 'channels_last'}, ['bn']),
        k2_layer('MaxPooling2D', {'name': 'mp', 'pool_size': [2, 2], 'strides': [2, 2], 'padding': 'same', 'data_format': 'channels_last'}, ['pad']),
        k2_layer('AveragePooling2D', {'name': 'ap', 'pool_size': [3, 3], 'strides': [2, 2], 'padding': 'same', 'data_format': 'channels_last'}, ['pad']),
        k2_layer('UpSampling2D', {'name': 'up', 'size': [1, 1], 'interpolation': 'nearest', 'data_format': 'channels_last'}, ['ap']),
        k2_layer('Concatenate', {'name': 'cat', 'axis': -1}, ['mp', 'up']),
        k2_layer('GlobalAveragePooling2D', {'name': 'gap', 'data_format': 'channels_last', 'keepdims': False}, ['cat']),
        k2_layer('Dense', dense_cfg('out', 3, 'softmax'), ['gap']),
    ]
    config = {'class_name': 'Model', 'config': {'name': 'cnn2', 'layers': L, 'input_layers': [['img', 0, 0]], 'output_layers': [['out', 0, 0]]},
              'keras_version': '2.4.0', 'backend': 'tensorflow'}
    weights = [('img', []), ('c1', [('kernel', w1), ('bias', b1)]), ('dw', [('depthwise_kernel', wd), ('bias', bd)]),
               ('sep', [('depthwise_kernel', sd), ('pointwise_kernel', sp)]), ('sum', []),
               ('bn', [('gamma', gamma), ('beta', beta), ('moving_mean', mean), ('moving_variance', var)]), ('pad', []), ('mp', []), ('ap', []),
               ('up', []), ('cat', []), ('gap', []), ('out', [('kernel', w2), ('bias', b2)])]

    def fill(f):
        f.attrs['model_config'] = json.dumps(config).encode('utf8')
        f.attrs['keras_version'] = b'2.4.0'
        f.attrs['backend'] = b'tensorflow'
        write_legacy_weights(f.create_group('model_weights', track_order=True), weights)

    write('keras2_conv2d.h5', h5_bytes(fill))
    xs = r.normal(0, 1, (4, 7, 6, 2))
    d = lambda a: a.astype(np.float64)
    ys = []
    for x in xs:
        h = relu(np_conv(x, d(w1), d(b1), (2, 2), 'same'))
        a = np_depthwise(h, d(wd), d(bd), (1, 1), 'same')
        b = np_conv(np_depthwise(h, d(sd), None, (1, 1), 'same'), d(sp), None, (1, 1), 'valid')
        h = batchnorm(a + b, d(gamma), d(beta), d(mean), d(var), 0.001)
        h = np.pad(h, [(1, 0), (0, 1), (0, 0)])
        h = np.concatenate([np_pool(h, (2, 2), (2, 2), 'same', 'max'), np_pool(h, (3, 3), (2, 2), 'same', 'avg')], axis=-1)
        ys.append(softmax(h.mean(axis=(0, 1)) @ d(w2) + d(b2)))
    expected('keras2_conv2d', xs.reshape(len(xs), -1), np.array(ys))


# ---------------------------------------------------------------- 6. Keras 2 Sequential 1D CNN and QKeras convolutions, JSON + weights-only .h5
def keras2_conv1d_qkeras():
    r = rng(7)
    w1, b1 = f32(r.normal(0, 0.5, (3, 2, 3))), f32(r.normal(0, 0.3, 3))
    wq, bq = f32(r.normal(0, 0.5, (2, 2, 1, 2))), f32(r.normal(0, 0.5, 2))
    wd = f32(r.normal(0, 0.5, (3, 3, 2, 1)))
    qb = 'quantized_bits(4,0,alpha=1)'
    layers = [
        {'class_name': 'InputLayer', 'config': {'batch_input_shape': [None, 8, 2], 'dtype': 'float32', 'name': 'seq'}},
        {'class_name': 'Conv1D', 'config': conv_cfg('c1', filters=3, kernel_size=[3], strides=[1], padding='causal', dilation_rate=[1], groups=1, activation='tanh')},
        {'class_name': 'ZeroPadding1D', 'config': {'name': 'pad', 'padding': [1, 2]}},
        {'class_name': 'MaxPooling1D', 'config': {'name': 'mp', 'pool_size': [2], 'strides': None, 'padding': 'valid', 'data_format': 'channels_last'}},
        {'class_name': 'UpSampling1D', 'config': {'name': 'up', 'size': 2}},
        {'class_name': 'AveragePooling1D', 'config': {'name': 'ap', 'pool_size': [3], 'strides': [2], 'padding': 'same', 'data_format': 'channels_last'}},
        {'class_name': 'GlobalMaxPooling1D', 'config': {'name': 'gmp', 'data_format': 'channels_last', 'keepdims': False}},
    ]
    config = {'class_name': 'Sequential', 'config': {'name': 'cnn1', 'layers': layers}, 'keras_version': '2.4.0', 'backend': 'tensorflow'}
    write('keras2_conv1d.json', json.dumps(config, indent=1) + '\n')
    write('keras2_conv1d_weights.h5', h5_bytes(lambda f: write_legacy_weights(f, [('c1', [('kernel', w1), ('bias', b1)])] + [(n, []) for n in ['pad', 'mp', 'up', 'ap', 'gmp']])))
    xs = r.normal(0, 1, (4, 8, 2))
    ys = []
    for x in xs:
        xp = np.pad(x, [(2, 0), (0, 0)])[None]
        h = np.tanh(np_conv(xp, w1.astype(np.float64)[None], b1.astype(np.float64), (1, 1), 'valid'))
        h = np.pad(h, [(0, 0), (1, 2), (0, 0)])
        h = np_pool(h, (1, 2), (1, 2), 'valid', 'max')
        h = np.repeat(h, 2, axis=1)
        h = np_pool(h, (1, 3), (1, 2), 'same', 'avg')
        ys.append(h.max(axis=(0, 1)))
    expected('keras2_conv1d', xs.reshape(len(xs), -1), np.array(ys))
    # QKeras: QConv2D then QDepthwiseConv2D, with exact quantized weights
    qlayers = [
        {'class_name': 'InputLayer', 'config': {'batch_input_shape': [None, 5, 5, 1], 'dtype': 'float32', 'name': 'q_in'}},
        {'class_name': 'QConv2D', 'config': conv_cfg('qc', filters=2, kernel_size=[2, 2], strides=[1, 1], padding='valid', dilation_rate=[1, 1], groups=1,
                                                      kernel_quantizer=qb, bias_quantizer='quantized_bits(6,2,1,alpha=1)')},
        {'class_name': 'QDepthwiseConv2D', 'config': conv_cfg('qdw', kernel_size=[3, 3], strides=[2, 2], padding='same', depth_multiplier=1, dilation_rate=[1, 1],
                                                                use_bias=False, depthwise_quantizer=qb, activation='quantized_relu(4,1)')},
        {'class_name': 'Flatten', 'config': {'name': 'flat'}},
    ]
    qconfig = {'class_name': 'Sequential', 'config': {'name': 'qcnn', 'layers': qlayers}, 'keras_version': '2.4.0', 'backend': 'tensorflow'}
    write('qkeras_conv.json', json.dumps(qconfig, indent=1) + '\n')
    write('qkeras_conv_weights.h5', h5_bytes(lambda f: write_legacy_weights(f, [('qc', [('kernel', wq), ('bias', bq)]), ('qdw', [('depthwise_kernel', wd)]), ('flat', [])])))
    xs = r.normal(0, 1, (4, 5, 5, 1))
    ys = []
    for x in xs:
        h = np_conv(x, q_bits(wq.astype(np.float64), 4, 0), q_bits(bq.astype(np.float64), 6, 2, 1), (1, 1), 'valid')
        h = q_relu(np_depthwise(h, q_bits(wd.astype(np.float64), 4, 0), None, (2, 2), 'same'), 4, 1)
        ys.append(h.reshape(-1))
    expected('qkeras_conv', xs.reshape(len(xs), -1), np.array(ys))


def qkeras_separable():
    """QSeparableConv2D (depthwise and pointwise quantizers, a quantized bias, ReLU) then Flatten."""
    r = rng(11)
    wd = f32(r.normal(0, 0.5, (3, 3, 2, 2)))
    wp = f32(r.normal(0, 0.5, (1, 1, 4, 3)))
    b = f32(r.normal(0, 0.3, 3))
    layers = [
        {'class_name': 'InputLayer', 'config': {'batch_input_shape': [None, 6, 5, 2], 'dtype': 'float32', 'name': 'sep_in'}},
        {'class_name': 'QSeparableConv2D', 'config': conv_cfg('qsep', filters=3, kernel_size=[3, 3], strides=[2, 1], padding='same', depth_multiplier=2,
                                                                dilation_rate=[1, 1], depthwise_quantizer='quantized_bits(5,1,alpha=1)',
                                                                pointwise_quantizer='quantized_bits(4,0,alpha=1)', bias_quantizer='quantized_bits(6,2,1,alpha=1)',
                                                                activation='relu')},
        {'class_name': 'Flatten', 'config': {'name': 'flat'}},
    ]
    config = {'class_name': 'Sequential', 'config': {'name': 'qsep', 'layers': layers}, 'keras_version': '2.4.0', 'backend': 'tensorflow'}
    write('qkeras_separable.json', json.dumps(config, indent=1) + '\n')
    write('qkeras_separable_weights.h5', h5_bytes(lambda f: write_legacy_weights(f, [('qsep', [('depthwise_kernel', wd), ('pointwise_kernel', wp), ('bias', b)]), ('flat', [])])))
    xs = r.normal(0, 1, (4, 6, 5, 2))
    ys = []
    for x in xs:
        h = np_depthwise(x, q_bits(wd.astype(np.float64), 5, 1), None, (2, 1), 'same')
        h = np_conv(h, q_bits(wp.astype(np.float64), 4, 0), q_bits(b.astype(np.float64), 6, 2, 1), (1, 1), 'valid')
        ys.append(relu(h).reshape(-1))
    expected('qkeras_separable', xs.reshape(len(xs), -1), np.array(ys))


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    keras2_functional()
    keras2_sequential()
    keras3_functional()
    qkeras_sequential()
    qkeras_3layer_reference()
    keras2_conv2d()
    keras2_conv1d_qkeras()
    qkeras_separable()
