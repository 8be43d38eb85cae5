/**
 * The top function: io_parallel (arrays; one pipelined function, II = the
 * largest reuse factor) or io_stream (hls::stream; a DATAFLOW region with a
 * FIFO per edge, split where a tensor has several readers).
 */
import type { DfNode } from '../../ir/dataflow/types.js';
import type { Design } from './design.js';
import type { HlsIo } from './hls-options.js';

export const outType = (node: DfNode): string => `::fx_layers::${node.name}::config::out_t`;
export const inPort = (k: number): string => `input_${k}`;
export const outPort = (k: number): string => `output_${k}`;

export function topSignature(d: Design, io: HlsIo): string {
  const ins = d.inputs.map((n, k) => (io === 'parallel' ? `const ${outType(n)} ${inPort(k)}[${d.size(n)}]` : `hls::stream<${outType(n)} >& ${inPort(k)}`));
  const outs = d.outputs.map((n, k) => (io === 'parallel' ? `${outType(n)} ${outPort(k)}[${d.size(n)}]` : `hls::stream<${outType(n)} >& ${outPort(k)}`));
  return [...ins, ...outs].join(', ');
}

function maxReuse(d: Design): number {
  return d.nodes.reduce((m, n) => (n.op === 'dense' ? Math.max(m, n.reuseFactor) : m), 1);
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
    const src = buffer.get(node.inputs[0] ?? '') ?? '';
    const buf = `fx_${node.name}`;
    lines.push(
      `  // ${node.name}: ${summaries.get(node.name) ?? node.op}`,
      `  ${outType(node)} ${buf}[${d.size(node)}];`,
      `  FX_PRAGMA(HLS ARRAY_PARTITION variable=${buf} complete dim=0)`,
      `  ::fx_layers::${node.name}::compute(${src}, ${buf});`,
    );
    buffer.set(node.name, buf);
  }
  d.outputs.forEach((n, k) => lines.push(`  fx_nn::copy_array<${d.size(n)}>(${buffer.get(n.name) ?? ''}, ${outPort(k)});`));
  return lines;
}

type Sink = { readonly kind: 'layer'; readonly node: DfNode } | { readonly kind: 'port'; readonly port: string };

function streamBody(d: Design, summaries: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  /** the stream each consumer reads, by consumer name */
  const readFrom = new Map<string, string>();
  const declare = (name: string, node: DfNode, label: string): void => {
    lines.push(`  hls::stream<${outType(node)} > ${name}("${label}");`, `  FX_PRAGMA(HLS STREAM variable=${name} depth=${d.size(node)})`);
  };
  for (const node of d.nodes) {
    const sinks: Sink[] = [
      ...d.consumers(node).map((c): Sink => ({ kind: 'layer', node: c })),
      ...d.outputs.flatMap((o, k): Sink[] => (o.name === node.name ? [{ kind: 'port', port: outPort(k) }] : [])),
    ];
    const only = sinks.length === 1 ? sinks[0] : undefined;
    let source: string;
    if (node.op === 'input') {
      source = inPort(d.inputs.indexOf(node));
    } else {
      lines.push(`  // ${node.name}: ${summaries.get(node.name) ?? node.op}`);
      if (only?.kind === 'port') {
        source = only.port;
      } else {
        source = `fx_${node.name}`;
        declare(source, node, node.name);
      }
      lines.push(`  ::fx_layers::${node.name}::compute_stream(${readFrom.get(node.name) ?? ''}, ${source});`);
    }
    if (sinks.length === 1 && only) {
      if (only.kind === 'layer') readFrom.set(only.node.name, source);
      else if (only.port !== source) lines.push(`  fx_nn::copy_stream<${d.size(node)}>(${source}, ${only.port});`);
      continue;
    }
    if (sinks.length < 2) continue;
    const targets = sinks.map((s, i) => {
      if (s.kind === 'port') return s.port;
      const name = `fxs${i}_${node.name}`;
      declare(name, node, `${node.name} to ${s.node.name}`);
      readFrom.set(s.node.name, name);
      return name;
    });
    let cur = source;
    for (let i = 0; i < targets.length - 1; i++) {
      let next = targets[targets.length - 1] ?? '';
      if (i < targets.length - 2) {
        next = `fxr${i}_${node.name}`;
        declare(next, node, `${node.name} split ${i}`);
      }
      lines.push(`  fx_nn::split_stream<${d.size(node)}>(${cur}, ${targets[i] ?? ''}, ${next});`);
      cur = next;
    }
  }
  return lines;
}

export function topBody(d: Design, io: HlsIo, summaries: ReadonlyMap<string, string>): string[] {
  return io === 'parallel' ? parallelBody(d, summaries) : streamBody(d, summaries);
}
