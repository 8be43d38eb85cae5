/**
 * The dataflow graph as the HLS emitter walks it: nodes in order, each
 * node's producer and consumers, the design's input and output ports. Checks
 * what the emitter relies on (the verifier checks the rest).
 */
import { CompileError } from '../../core/diagnostics.js';
import { isSafeIdentifier } from '../../core/naming.js';
import type { Dataflow, DfNode } from '../../ir/dataflow/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import type { LayerInput } from './layer-code.js';

export interface Design {
  readonly df: Dataflow;
  readonly nodes: readonly DfNode[];
  /** input nodes, in node order; port k is input_k */
  readonly inputs: readonly DfNode[];
  /** output nodes, in df.outputs order; port k is output_k */
  readonly outputs: readonly DfNode[];
  producer(node: DfNode): LayerInput | null;
  /** the nodes that read `node`, in node order */
  consumers(node: DfNode): readonly DfNode[];
  size(node: DfNode): number;
}

export function analyzeDesign(df: Dataflow): Design {
  const byName = new Map<string, DfNode>();
  const lower = new Set<string>();
  const consumers = new Map<string, DfNode[]>();
  for (const node of df.nodes) {
    if (!isSafeIdentifier(node.name)) {
      throw new CompileError('FF012', `node name '${node.name}' is not a sanitized identifier`, { layer: node.source, field: 'name' });
    }
    if (lower.has(node.name.toLowerCase())) throw new CompileError('FF012', `node name '${node.name}' is not unique`, { layer: node.source, field: 'name' });
    lower.add(node.name.toLowerCase());
    const want = node.op === 'input' ? 0 : 1;
    if (node.inputs.length !== want) {
      throw new CompileError('FF012', `${node.op} node must have ${want} input(s), has ${node.inputs.length}`, { layer: node.source, field: 'inputs' });
    }
    for (const i of node.inputs) {
      if (!byName.has(i)) throw new CompileError('FF020', `input '${i}' is not an earlier node`, { layer: node.source, field: 'inputs' });
      consumers.get(i)?.push(node);
    }
    if (!Number.isInteger(shapeSize(node.shape)) || shapeSize(node.shape) < 1) {
      throw new CompileError('FF012', `shape [${node.shape.join(', ')}] has no elements`, { layer: node.source, field: 'shape' });
    }
    byName.set(node.name, node);
    consumers.set(node.name, []);
  }
  const inputs = df.nodes.filter((n) => n.op === 'input');
  if (inputs.length === 0) throw new CompileError('FF012', 'the design has no input node');
  if (df.outputs.length === 0) throw new CompileError('FF012', 'the design has no outputs');
  const outputs = df.outputs.map((o) => {
    const n = byName.get(o);
    if (!n) throw new CompileError('FF020', `output '${o}' is not a node`, { field: 'outputs' });
    return n;
  });
  return {
    df,
    nodes: df.nodes,
    inputs,
    outputs,
    producer(node) {
      const p = node.inputs[0] === undefined ? undefined : byName.get(node.inputs[0]);
      return p ? { name: p.name, type: p.type, size: shapeSize(p.shape) } : null;
    },
    consumers: (node) => consumers.get(node.name) ?? [],
    size: (node) => shapeSize(node.shape),
  };
}
