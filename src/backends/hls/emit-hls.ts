/**
 * emitHls: the dataflow IR → a Vitis HLS C++ project, as relative path →
 * content (deterministic: same IR and options give the same bytes).
 *
 *   firmware/<top>.cpp, <top>.h   the top function (io_parallel or io_stream)
 *   firmware/defines.h            each layer's parameter struct
 *   firmware/weights/<layer>.h    each layer's constants (raw codes as exact constants)
 *   firmware/layers.h             each layer's compute function
 *   firmware/fixflow/             the layer library (copied from hw/include/fixflow)
 *   firmware/fixflow_ap/          stand-in ap_fixed.h / ap_int.h / hls_stream.h for g++
 *   tb/<top>_test.cpp             the test bench; tb_data/ its vectors when given
 *   build_prj.tcl, README.md
 */
import { CompileError } from '../../core/diagnostics.js';
import type { Dataflow } from '../../ir/dataflow/types.js';
import { fill } from '../template-fill.js';
import { commentText } from './cpp-comment.js';
import { analyzeDesign, type Design } from './design.js';
import { emitLayer } from './emit-layer.js';
import { emitTestbench, inputVectorFile, outputVectorFile } from './emit-testbench.js';
import { topBody, topPragmas, topSignature } from './emit-top.js';
import { resolveHlsOptions, type HlsIo, type HlsOptions } from './hls-options.js';
import type { LayerCode } from './layer-code.js';
import { hlsTemplate, libraryFolder } from './library-files.js';

export type { HlsOptions } from './hls-options.js';

/** The C++ paths of an emitted project, for builders (the csim runner). */
export function hlsProjectLayout(top: string): { topSource: string; testbench: string; includeDirs: string[]; vendorFreeIncludeDirs: string[] } {
  return {
    topSource: `firmware/${top}.cpp`,
    testbench: `tb/${top}_test.cpp`,
    includeDirs: ['firmware', 'firmware/fixflow_ap'],
    vendorFreeIncludeDirs: ['firmware'],
  };
}

function layerComment(name: string, source: string, summary: string): string {
  return `// ---- ${name}: ${summary} (source layer '${commentText(source)}')`;
}

function namespaced(name: string, lines: readonly string[]): string {
  return [`namespace fx_layers {`, `namespace ${name} {`, '', ...lines, '', `}  // namespace ${name}`, `}  // namespace fx_layers`].join('\n');
}

function computeFunctions(code: LayerCode, io: HlsIo): string[] {
  const body = code.body;
  if (!body) return [];
  if (body.kind === 'functions') return [...body.helpers, ...(io === 'parallel' ? body.parallel : body.stream)];
  if (body.kind === 'map') {
    if (io === 'parallel') {
      return [
        'inline void compute(const config::in_t x[config::n], config::out_t y[config::n]) {',
        '  FX_PRAGMA(HLS INLINE)',
        `  fx_nn::map_parallel<config>(x, y, ${body.functor});`,
        '}',
      ];
    }
    return [
      'inline void compute_stream(hls::stream<config::in_t>& xs, hls::stream<config::out_t>& ys) {',
      `  fx_nn::map_stream<config>(xs, ys, ${body.functor});`,
      '}',
    ];
  }
  const kernel = [`inline void compute(const config::in_t x[${body.nIn}], config::out_t y[${body.nOut}]) {`, ...body.body, '}'];
  if (io === 'parallel') return kernel;
  return [
    ...kernel,
    '',
    'inline void compute_stream(hls::stream<config::in_t>& xs, hls::stream<config::out_t>& ys) {',
    `  config::in_t x[${body.nIn}];`,
    '  FX_PRAGMA(HLS ARRAY_PARTITION variable=x complete dim=0)',
    `  config::out_t y[${body.nOut}];`,
    '  FX_PRAGMA(HLS ARRAY_PARTITION variable=y complete dim=0)',
    `  fx_nn::read_vector<${body.nIn}>(xs, x);`,
    '  compute(x, y);',
    `  fx_nn::write_vector<${body.nOut}>(ys, y);`,
    '}',
  ];
}

function ioSummary(d: Design, io: HlsIo): string {
  const ins = d.inputs.map((n) => d.size(n)).join(' + ');
  const outs = d.outputs.map((n) => d.size(n)).join(' + ');
  return `${d.nodes.length - d.inputs.length} layers, ${ins} inputs, ${outs} outputs, io_${io}`;
}

export function emitHls(df: Dataflow, opts: HlsOptions): Map<string, string> {
  const o = resolveHlsOptions(df.name, opts);
  const d = analyzeDesign(df);
  const files = new Map<string, string>();
  const codes = d.nodes.map((n) => {
    try {
      return { node: n, code: emitLayer(n, d.producers(n)) };
    } catch (e) {
      throw e instanceof CompileError ? e.at({ layer: n.source }) : e;
    }
  });
  const summaries = new Map(codes.map(({ node, code }) => [node.name, code.summary]));
  const io = ioSummary(d, o.io);

  const defines = codes.map(({ node, code }) => `${layerComment(node.name, node.source, code.summary)}\n${namespaced(node.name, ['struct config {', ...code.config, '};'])}\n`);
  files.set('firmware/defines.h', fill(hlsTemplate('defines.h'), { top: o.top, layers: defines.join('\n') }, 'templates/hls/defines.h.tpl'));

  const includes: string[] = [];
  for (const { node, code } of codes) {
    if (code.constants.length === 0) continue;
    includes.push(`#include "weights/${node.name}.h"`);
    files.set(
      `firmware/weights/${node.name}.h`,
      fill(hlsTemplate('weights.h'), { layer: node.name, source: commentText(node.source), constants: code.constants.join('\n') }, 'templates/hls/weights.h.tpl'),
    );
  }
  const layers = codes
    .filter(({ code }) => code.body !== null)
    .map(({ node, code }) => `${layerComment(node.name, node.source, code.summary)}\n${namespaced(node.name, computeFunctions(code, o.io))}\n`);
  files.set('firmware/layers.h', fill(hlsTemplate('layers.h'), { top: o.top, includes: includes.join('\n'), layers: layers.join('\n') }, 'templates/hls/layers.h.tpl'));

  const signature = topSignature(d, o.io);
  files.set(`firmware/${o.top}.h`, fill(hlsTemplate('top.h'), { top: o.top, io_summary: io, signature }, 'templates/hls/top.h.tpl'));
  files.set(
    `firmware/${o.top}.cpp`,
    fill(hlsTemplate('top.cpp'), { top: o.top, io_summary: io, signature, pragmas: topPragmas(d, o.io).join('\n'), body: topBody(d, o.io, summaries).join('\n') }, 'templates/hls/top.cpp.tpl'),
  );
  files.set(`tb/${o.top}_test.cpp`, emitTestbench(d, o.io, o.top));
  if (opts.vectors) files.set('tb_data/tb_input_raw.dat', inputVectorFile(d, opts.vectors));
  if (opts.expected) files.set('tb_data/tb_expected_raw.dat', outputVectorFile(d, opts.expected));
  files.set('build_prj.tcl', fill(hlsTemplate('build_prj.tcl'), { top: o.top, io_summary: io, part: o.part, clock_ns: String(o.clockNs) }, 'templates/hls/build_prj.tcl.tpl'));
  files.set('README.md', fill(hlsTemplate('README.md'), { top: o.top, io_summary: io }, 'templates/hls/README.md.tpl'));
  for (const [name, content] of libraryFolder('fixflow')) files.set(`firmware/fixflow/${name}`, content);
  for (const [name, content] of libraryFolder('fixflow_ap')) files.set(`firmware/fixflow_ap/${name}`, content);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
