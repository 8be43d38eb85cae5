/**
 * The structural facts the TypeScript emitter relies on (beyond
 * verifyDataflow, which runs first), checked up front so
 * that a malformed design gives a CompileError naming the layer and field
 * rather than a crash or wrong code.
 */
import { assertNever } from '../../core/assert-never.js';
import { CompileError } from '../../core/diagnostics.js';
import { isSafeIdentifier } from '../../core/naming.js';
import { checkWidth } from '../../fixed/fixed-type.js';
import { verifyDataflow } from '../../ir/dataflow/verify.js';
import { DATAFLOW_IR_VERSION, type Dataflow, type DfNode, type TableSpec } from '../../ir/dataflow/types.js';

/** Largest tensor (elements per sample) the emitter accepts. */
const MAX_ELEMENTS = 1 << 26;

function fail(node: DfNode, field: string, message: string, code: 'FF012' | 'FF020' = 'FF012'): never {
  throw new CompileError(code, message, { layer: node.source, field });
}

export function flatSize(node: DfNode): number {
  return node.shape.reduce((a, b) => a * b, 1);
}

function checkTable(node: DfNode, field: string, t: TableSpec): void {
  if (!Number.isInteger(t.size) || t.size < 1 || t.entries.length !== t.size) {
    fail(node, field, `table has ${t.entries.length} entries but size ${t.size}`);
  }
  if (!Number.isInteger(t.loExp) || !Number.isInteger(t.stepLog2) || Math.abs(t.loExp) > 4096 || Math.abs(t.stepLog2) > 4096) {
    fail(node, field, 'table exponents must be integers of moderate size');
  }
  checkWidth(t.entryType.width, t.entryType.int, `${field}.entryType`);
}

export function checkDesign(df: Dataflow): void {
  if (df.version !== DATAFLOW_IR_VERSION) {
    throw new CompileError('FF013', `dataflow IR version ${String(df.version)} is not supported (expected ${DATAFLOW_IR_VERSION})`);
  }
  // the IR's own verifier first (codes in range, shapes, edges), then what this emitter relies on
  verifyDataflow(df);
  if (df.nodes.length === 0) throw new CompileError('FF012', 'design has no nodes');
  const sizes = new Map<string, number>();
  const lower = new Set<string>();
  for (const node of df.nodes) {
    if (!isSafeIdentifier(node.name)) fail(node, 'name', `node name '${node.name}' is not a sanitized identifier (src/core/naming.ts)`);
    if (lower.has(node.name.toLowerCase())) fail(node, 'name', `duplicate node name '${node.name}'`);
    lower.add(node.name.toLowerCase());
    if (node.shape.some((d) => !Number.isInteger(d) || d < 1)) fail(node, 'shape', `shape [${node.shape.join(', ')}] has a non-positive dimension`);
    const size = flatSize(node);
    if (size > MAX_ELEMENTS) fail(node, 'shape', `shape [${node.shape.join(', ')}] is too large`);
    checkWidth(node.type.width, node.type.int, 'type');
    if (node.op === 'input') {
      if (node.inputs.length !== 0) fail(node, 'inputs', 'an input node has no inputs');
      sizes.set(node.name, size);
      continue;
    }
    const merge = node.op === 'add' || node.op === 'concat';
    if (merge ? node.inputs.length < 2 : node.inputs.length !== 1) fail(node, 'inputs', `expected ${merge ? 'two or more inputs' : 'one input'}, got ${node.inputs.length}`);
    for (const i of node.inputs) if (!sizes.has(i)) fail(node, 'inputs', `input '${i}' does not exist or comes later`, 'FF020');
    const src = node.inputs[0] ?? '';
    const inSize = sizes.get(src) ?? 0;
    switch (node.op) {
      case 'dense':
        if (node.inSize !== inSize) fail(node, 'inSize', `inSize ${node.inSize} but the input has ${inSize} elements`);
        if (node.outSize !== size) fail(node, 'outSize', `outSize ${node.outSize} but the shape has ${size} elements`);
        if (node.weights.length !== node.inSize * node.outSize) fail(node, 'weights', `expected ${node.inSize * node.outSize} weights, got ${node.weights.length}`);
        if (node.bias.length !== node.outSize) fail(node, 'bias', `expected ${node.outSize} biases, got ${node.bias.length}`);
        for (const [f, t] of [['weightType', node.weightType], ['biasType', node.biasType], ['productType', node.productType], ['accType', node.accType]] as const) {
          checkWidth(t.width, t.int, f);
        }
        break;
      case 'scale_shift': {
        const c = node.shape[node.shape.length - 1] ?? 1;
        if (inSize !== size) fail(node, 'shape', `element-wise op changes the size from ${inSize} to ${size}`);
        if (node.scale.length !== c || node.shift.length !== c) fail(node, 'scale', `expected ${c} scales and shifts (last axis), got ${node.scale.length} and ${node.shift.length}`);
        break;
      }
      case 'table':
        if (inSize !== size) fail(node, 'shape', `element-wise op changes the size from ${inSize} to ${size}`);
        checkTable(node, 'table', node.table);
        break;
      case 'softmax': {
        if (inSize !== size) fail(node, 'shape', `softmax changes the size from ${inSize} to ${size}`);
        if (node.mode === 'stable') {
          if (!node.expTable) fail(node, 'expTable', 'stable softmax needs an exp table');
          if (!node.invTable) fail(node, 'invTable', 'stable softmax needs a reciprocal table');
          if (!node.sumType) fail(node, 'sumType', 'stable softmax needs a sum type');
          checkTable(node, 'expTable', node.expTable);
          checkTable(node, 'invTable', node.invTable);
        }
        break;
      }
      case 'relu':
      case 'clip':
      case 'leaky_relu':
      case 'cast':
      case 'reshape':
        if (inSize !== size) fail(node, 'shape', `${node.op} changes the size from ${inSize} to ${size}`);
        break;
      case 'conv':
        // geometry, weight and bias counts and types: verifyDataflow (conv-verify.ts)
        for (const [f, t] of [['weightType', node.weightType], ['biasType', node.biasType], ['productType', node.productType], ['accType', node.accType]] as const) {
          checkWidth(t.width, t.int, f);
        }
        break;
      case 'pool':
      case 'add':
      case 'concat':
      case 'zero_pad':
      case 'upsample':
      case 'channel_shuffle':
        // shapes, window geometry, reciprocals and operand types: verifyDataflow (conv-verify.ts)
        break;
      default:
        assertNever(node, 'dataflow op');
    }
    sizes.set(node.name, size);
  }
  if (df.outputs.length === 0) throw new CompileError('FF012', 'design has no outputs');
  for (const o of df.outputs) {
    if (!sizes.has(o)) throw new CompileError('FF020', `output '${o}' does not exist`, { field: 'outputs' });
  }
}
