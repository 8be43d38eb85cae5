/**
 * The top function: io_parallel (arrays; one pipelined function, II = the
 * largest reuse factor) or io_stream (hls::stream; a DATAFLOW region with a
 * FIFO per edge, split where a tensor has several readers, each FIFO as
 * deep as the schedule needs: fifo-depth.ts).
 */
import type { DfNode } from '../../ir/dataflow/types.js';
import type { Design } from './design.js';
import { fifoDepths } from './fifo-depth.js';
import type { HlsIo } from './hls-options.js';
import { streamNetwork, type StreamNetwork } from './stream-network.js';

export const outType = (node: DfNode): string => `::fx_layers::${node.name}::config::out_t`;
export const inPort = (k: number): string => `input_${k}`;
export const outPort = (k: number): string => `output_${k}`;

export function topSignature(d: Design, io: HlsIo): string {
  const ins = d.inputs.map((n, k) => (io === 'parallel' ? `const ${outType(n)} ${inPort(k)}[${d.size(n)}]` : `hls::stream<${outType(n)} >& ${inPort(k)}`));
  const outs = d.outputs.map((n, k) => (io === 'parallel' ? `${outType(n)} ${outPort(k)}[${d.size(n)}]` : `hls::stream<${outType(n)} >& ${outPort(k)}`));
  return [...ins, ...outs].join(', ');
}

function maxReuse(d: Design): number {
  return d.nodes.reduce((m, n) => (n.op === 'dense' || n.op === 'conv' ? Math.max(m, n.reuseFactor) : m), 1);
}

export function topPragmas(d: Design, io: HlsIo): string[] {
  const ins = d.inputs.map((_n, k) => inPort(k));
  const outs = d.outputs.map((_n, k) => outPort(k));
  if (io === 'parallel') {
    return [
      ...ins.map((p) => `  FX_PRAGMA(HLS ARRAY_RESHAPE variable=${p} complete dim=0)`),
      ...outs.map((p) => `  FX_PRAGMA(HLS ARRAY_PARTITION variable=${p} complete dim=0)`),
      ...[...ins, ...outs].map((p) => `  FX_PRAGMA(HLS INTERFACE ap_vld port=${p})`),
      `  FX_PRAGMA(HLS PIPELINE II=${maxReuse(d)})`,
    ];
  }
  return [...[...ins, ...outs].map((p) => `  FX_PRAGMA(HLS INTERFACE axis port=${p})`), '  FX_PRAGMA(HLS DATAFLOW)'];
}

function parallelBody(d: Design, summaries: ReadonlyMap<string, string>): string[] {
  const buffer = new Map<string, string>();
  d.inputs.forEach((n, k) => buffer.set(n.name, inPort(k)));
  const lines: string[] = [];
  for (const node of d.nodes) {
    if (node.op === 'input') continue;
    const srcs = node.inputs.map((i) => buffer.get(i) ?? '');
    const buf = `fx_${node.name}`;
    lines.push(
      `  // ${node.name}: ${summaries.get(node.name) ?? node.op}`,
      `  ${outType(node)} ${buf}[${d.size(node)}];`,
      `  FX_PRAGMA(HLS ARRAY_PARTITION variable=${buf} complete dim=0)`,
      `  ::fx_layers::${node.name}::compute(${[...srcs, buf].join(', ')});`,
    );
    buffer.set(node.name, buf);
  }
  d.outputs.forEach((n, k) => lines.push(`  fx_nn::copy_array<${d.size(n)}>(${buffer.get(n.name) ?? ''}, ${outPort(k)});`));
  return lines;
}

/** The io_stream top's process network, its nodes' shapes by name and the FIFO depth of every declared stream. */
export function streamPlan(d: Design): { net: StreamNetwork; shapeOf: (name: string) => readonly number[]; depths: Map<string, number> } {
  const net = streamNetwork(d, inPort, outPort);
  const shapes = new Map(d.nodes.map((n) => [n.name, n.shape]));
  const shapeOf = (name: string): readonly number[] => shapes.get(name) ?? [];
  return { net, shapeOf, depths: fifoDepths(net, shapeOf) };
}

function streamBody(d: Design, summaries: ReadonlyMap<string, string>): string[] {
  const { net, depths } = streamPlan(d);
  const decl = new Map(net.streams.map((s) => [s.name, s]));
  const lines: string[] = [];
  const declared = new Set<string>();
  const declare = (name: string): void => {
    const s = decl.get(name);
    if (!s || declared.has(name)) return;
    declared.add(name);
    lines.push(`  hls::stream<${outType(s.node)} > ${name}("${s.label}");`, `  FX_PRAGMA(HLS STREAM variable=${name} depth=${depths.get(name) ?? d.size(s.node)})`);
  };
  for (const p of net.processes) {
    if (p.kind === 'layer') {
      lines.push(`  // ${p.node.name}: ${summaries.get(p.node.name) ?? p.node.op}`);
      declare(p.out);
      lines.push(`  ::fx_layers::${p.node.name}::compute_stream(${[...p.ins, p.out].join(', ')});`);
    } else if (p.kind === 'copy') {
      lines.push(`  fx_nn::copy_stream<${d.size(p.node)}>(${p.in}, ${p.out});`);
    } else {
      declare(p.a);
      declare(p.b);
      lines.push(`  fx_nn::split_stream<${d.size(p.node)}>(${p.in}, ${p.a}, ${p.b});`);
    }
  }
  return lines;
}

export function topBody(d: Design, io: HlsIo, summaries: ReadonlyMap<string, string>): string[] {
  return io === 'parallel' ? parallelBody(d, summaries) : streamBody(d, summaries);
}
