/**
 * Multi-input layers. Add: y = cast(Σ x_k), summed exactly in sum_t (bit
 * growth over every input type, so no partial sum is lost). Concatenate on
 * the last axis: each element cast from its own input's type, inputs in
 * order within each pixel.
 */
import { accumulatorType } from '../../fixed/growth.js';
import { shapeSize } from '../../ir/graph/types.js';
import type { DfAdd, DfConcat } from '../../ir/dataflow/conv-types.js';
import { badNode, inTypedef, requireInputs, typedef, ucount, type LayerCode, type LayerInput } from './layer-code.js';

const arrayParams = (inputs: readonly LayerInput[], size: (k: number) => string): string[] => inputs.map((_in, k) => `const config::in${k}_t x${k}[${size(k)}]`);
const streamParams = (inputs: readonly LayerInput[]): string[] => inputs.map((_in, k) => `hls::stream<config::in${k}_t>& xs${k}`);

export function emitAdd(node: DfAdd, inputsIn: readonly LayerInput[]): LayerCode {
  const inputs = requireInputs(node, inputsIn, 2, Infinity);
  const n = shapeSize(node.shape);
  inputs.forEach((x, k) => {
    if (x.size !== n) throw badNode(node, 'inputs', `input ${k} has ${x.size} elements, the output ${n}`);
  });
  const sumT = accumulatorType(
    inputs.map((x) => x.type),
    inputs.length,
  );
  const rest = (read: (k: number) => string): string[] => inputs.slice(1).map((_x, j) => `    fx_nn::add_term(s, ${read(j + 1)});`);
  return {
    summary: `add of ${inputs.length} inputs of ${n} elements`,
    config: [...inputs.map((x, k) => inTypedef(x, `in${k}_t`)), typedef('out_t', node.type), typedef('sum_t', sumT), ucount('n', n)],
    constants: [],
    body: {
      kind: 'functions',
      helpers: [],
      parallel: [
        `inline void compute(${[...arrayParams(inputs, () => 'config::n'), 'config::out_t y[config::n]'].join(', ')}) {`,
        '  FX_PRAGMA(HLS INLINE)',
        '  for (unsigned i = 0; i < config::n; ++i) {',
        '    FX_PRAGMA(HLS UNROLL)',
        '    config::sum_t s = x0[i];',
        ...rest((k) => `x${k}[i]`),
        '    y[i] = s;',
        '  }',
        '}',
      ],
      stream: [
        `inline void compute_stream(${[...streamParams(inputs), 'hls::stream<config::out_t>& ys'].join(', ')}) {`,
        '  for (unsigned i = 0; i < config::n; ++i) {',
        '    FX_PRAGMA(HLS PIPELINE II=1)',
        '    config::sum_t s = xs0.read();',
        ...rest((k) => `xs${k}.read()`),
        '    ys.write(config::out_t(s));',
        '  }',
        '}',
      ],
    },
  };
}

export function emitConcat(node: DfConcat, inputsIn: readonly LayerInput[]): LayerCode {
  const inputs = requireInputs(node, inputsIn, 1, Infinity);
  const cTot = node.shape[node.shape.length - 1] ?? 0;
  const nPix = cTot > 0 ? shapeSize(node.shape) / cTot : 0;
  if (!Number.isInteger(nPix) || nPix < 1) throw badNode(node, 'shape', `shape [${node.shape.join(', ')}] has no channels`);
  const chans = inputs.map((x) => x.shape[x.shape.length - 1] ?? 0);
  if (chans.reduce((a, c) => a + c, 0) !== cTot) throw badNode(node, 'inputs', `the inputs' ${chans.join(' + ')} channels are not the output's ${cTot}`);
  inputs.forEach((x, k) => {
    if (x.size !== nPix * (chans[k] ?? 0)) throw badNode(node, 'inputs', `input ${k} has ${x.size} elements, expected ${nPix}·${chans[k] ?? 0}`);
  });
  const offsets = chans.map((_c, k) => chans.slice(0, k).reduce((a, c) => a + c, 0));
  return {
    summary: `concatenate ${chans.join(' + ')} channels over ${nPix} pixels`,
    config: [...inputs.map((x, k) => inTypedef(x, `in${k}_t`)), typedef('out_t', node.type), ucount('n_pix', nPix), ucount('n_chan', cTot), ...chans.map((c, k) => ucount(`n_chan${k}`, c))],
    constants: [],
    body: {
      kind: 'functions',
      helpers: [],
      parallel: [
        `inline void compute(${[...arrayParams(inputs, (k) => `config::n_pix * config::n_chan${k}`), 'config::out_t y[config::n_pix * config::n_chan]'].join(', ')}) {`,
        '  FX_PRAGMA(HLS INLINE)',
        ...inputs.map((_x, k) => `  fx_nn::concat_part_parallel<config::n_pix, config::n_chan${k}, ${offsets[k] ?? 0}, config::n_chan>(x${k}, y);`),
        '}',
      ],
      stream: [
        `inline void compute_stream(${[...streamParams(inputs), 'hls::stream<config::out_t>& ys'].join(', ')}) {`,
        '  for (unsigned p = 0; p < config::n_pix; ++p) {',
        ...inputs.map((_x, k) => `    fx_nn::concat_part_stream<config::n_chan${k}>(xs${k}, ys);`),
        '  }',
        '}',
      ],
    },
  };
}
