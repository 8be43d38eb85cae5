/**
 * The io_stream top as a network of processes: each layer, plus a
 * split_stream wherever a tensor has several readers (one stream per reader,
 * a cascade of two-way splits) and a copy_stream where an input goes
 * straight to an output port. Streams are named as the top declares them.
 */
import type { DfNode } from '../../ir/dataflow/types.js';
import type { Design } from './design.js';

export interface StreamDecl {
  readonly name: string;
  /** the node whose tensor the stream carries */
  readonly node: DfNode;
  readonly label: string;
}

export type Process =
  | { readonly kind: 'layer'; readonly node: DfNode; readonly ins: readonly string[]; readonly out: string }
  | { readonly kind: 'copy'; readonly node: DfNode; readonly in: string; readonly out: string }
  | { readonly kind: 'split'; readonly node: DfNode; readonly in: string; readonly a: string; readonly b: string };

export interface StreamNetwork {
  /** streams declared inside the top, in declaration order */
  readonly streams: readonly StreamDecl[];
  /** processes in the order the top calls them (producers first) */
  readonly processes: readonly Process[];
  /** input port name → its node */
  readonly inPorts: ReadonlyMap<string, DfNode>;
  readonly outPorts: ReadonlySet<string>;
}

type Sink = { readonly kind: 'layer'; readonly key: string; readonly node: DfNode } | { readonly kind: 'port'; readonly port: string };

const readerKey = (node: DfNode, k: number): string => `${node.name}#${k}`;

export function streamNetwork(d: Design, inPort: (k: number) => string, outPort: (k: number) => string): StreamNetwork {
  const streams: StreamDecl[] = [];
  const processes: Process[] = [];
  const inPorts = new Map<string, DfNode>();
  /** the stream each reader (consumer, input index) reads */
  const readFrom = new Map<string, string>();
  const declare = (name: string, node: DfNode, label: string): string => {
    streams.push({ name, node, label });
    return name;
  };
  for (const node of d.nodes) {
    const sinks: Sink[] = [
      ...d.nodes.flatMap((c) => c.inputs.flatMap((i, k): Sink[] => (i === node.name ? [{ kind: 'layer', key: readerKey(c, k), node: c }] : []))),
      ...d.outputs.flatMap((o, k): Sink[] => (o.name === node.name ? [{ kind: 'port', port: outPort(k) }] : [])),
    ];
    const only = sinks.length === 1 ? sinks[0] : undefined;
    let source: string;
    if (node.op === 'input') {
      source = inPort(d.inputs.indexOf(node));
      inPorts.set(source, node);
    } else {
      source = only?.kind === 'port' ? only.port : declare(`fx_${node.name}`, node, node.name);
      processes.push({ kind: 'layer', node, ins: node.inputs.map((_i, k) => readFrom.get(readerKey(node, k)) ?? ''), out: source });
    }
    if (only) {
      if (only.kind === 'layer') readFrom.set(only.key, source);
      else if (only.port !== source) processes.push({ kind: 'copy', node, in: source, out: only.port });
      continue;
    }
    if (sinks.length < 2) continue;
    const targets = sinks.map((s, i) => {
      if (s.kind === 'port') return s.port;
      const name = declare(`fxs${i}_${node.name}`, node, `${node.name} to ${s.node.name}`);
      readFrom.set(s.key, name);
      return name;
    });
    let cur = source;
    for (let i = 0; i < targets.length - 1; i++) {
      const next = i < targets.length - 2 ? declare(`fxr${i}_${node.name}`, node, `${node.name} split ${i}`) : (targets[targets.length - 1] ?? '');
      processes.push({ kind: 'split', node, in: cur, a: targets[i] ?? '', b: next });
      cur = next;
    }
  }
  return { streams, processes, inPorts, outPorts: new Set(d.outputs.map((_o, k) => outPort(k))) };
}
