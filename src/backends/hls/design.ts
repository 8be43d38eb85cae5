/**
 * The dataflow graph as the HLS emitter walks it: nodes in order, each
 * node's producers (one, or several for add and concat), the design's input
 * and output ports. Checks what the emitter relies on (the verifier checks
 * the rest).
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
  /** the node's inputs, in order (a producer read twice appears twice) */
  producers(node: DfNode): readonly LayerInput[];
  size(node: DfNode): number;
}

/** [min, max] inputs of a node. */
function inputCount(node: DfNode): [number, number] {
  if (node.op === 'input') return [0, 0];
  if (node.op === 'add') return [2, Infinity];
  if (node.op === 'concat') return [1, Infinity];
  return [1, 1];
}

export function analyzeDesign(df: Dataflow): Design {
  const byName = new Map<string, DfNode>();
  const lower = new Set<string>();
  for (const node of df.nodes) {
    if (!isSafeIdentifier(node.name)) {
      throw new CompileError('FF012', `node name '${node.name}' is not a sanitized identifier`, { layer: node.source, field: 'name' });
    }
    if (lower.has(node.name.toLowerCase())) throw new CompileError('FF012', `node name '${node.name}' is not unique`, { layer: node.source, field: 'name' });
    lower.add(node.name.toLowerCase());
    const [min, max] = inputCount(node);
    if (node.inputs.length < min || node.inputs.length > max) {
      const want = min === max ? String(min) : `at least ${min}`;
      throw new CompileError('FF012', `${node.op} node must have ${want} input(s), has ${node.inputs.length}`, { layer: node.source, field: 'inputs' });
    }
    for (const i of node.inputs) {
      if (!byName.has(i)) throw new CompileError('FF020', `input '${i}' is not an earlier node`, { layer: node.source, field: 'inputs' });
    }
    if (!Number.isInteger(shapeSize(node.shape)) || shapeSize(node.shape) < 1) {
      throw new CompileError('FF012', `shape [${node.shape.join(', ')}] has no elements`, { layer: node.source, field: 'shape' });
    }
    byName.set(node.name, node);
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
    producers(node) {
      return node.inputs.flatMap((i) => {
        const p = byName.get(i);
        return p ? [{ name: p.name, type: p.type, size: shapeSize(p.shape), shape: p.shape }] : [];
      });
    },
    size: (node) => shapeSize(node.shape),
  };
}
