/**
 * The dataflow IR verifier: safe unique identifiers, edges to earlier nodes,
 * per-op shapes and array lengths, every raw code inside its type's range,
 * table entries inside their entry type.
 */
import { assertNever } from '../../core/assert-never.js';
import { CompileError } from '../../core/diagnostics.js';
import { isSafeIdentifier } from '../../core/naming.js';
import { checkWidth, maxRaw, minRaw, type FixedType } from '../../fixed/fixed-type.js';
import { shapeSize } from '../graph/types.js';
import { verifyConvDfNode } from './conv-verify.js';
import type { Dataflow, DfNode, TableSpec } from './types.js';

function fail(message: string, layer: string, field?: string, code: 'FF012' | 'FF020' = 'FF012'): never {
  throw new CompileError(code, message, { layer, ...(field ? { field } : {}) });
}

function checkType(t: FixedType, layer: string, field: string): void {
  try {
    checkWidth(t.width, t.int, field);
  } catch (e) {
    if (e instanceof CompileError) throw e.at({ layer });
    throw e;
  }
}

function inRange(values: readonly bigint[], t: FixedType, layer: string, field: string): void {
  const lo = minRaw(t);
  const hi = maxRaw(t);
  values.forEach((v, i) => {
    if (typeof v !== 'bigint' || v < lo || v > hi) fail(`${field}[${i}] = ${v} is outside its type's range`, layer, field);
  });
}

function checkTable(t: TableSpec, layer: string, field: string): void {
  checkType(t.entryType, layer, `${field}.entryType`);
  if (!Number.isInteger(t.size) || t.size < 1 || t.entries.length !== t.size) fail(`${field} has ${t.entries.length} entries, size ${t.size}`, layer, field);
  if (!Number.isInteger(t.stepLog2) || !Number.isInteger(t.loExp)) fail(`${field} step and lower edge must be exact`, layer, field);
  inRange(t.entries, t.entryType, layer, `${field}.entries`);
}

export function verifyDataflow(df: Dataflow): void {
  const seen = new Map<string, DfNode>();
  const all = new Set(df.nodes.map((n) => n.name));
  const lower = new Set<string>();
  for (const n of df.nodes) {
    if (!isSafeIdentifier(n.name)) fail(`layer name '${n.name}' is not a safe identifier`, n.source, 'name');
    if (lower.has(n.name.toLowerCase())) fail(`duplicate layer name '${n.name}'`, n.source, 'name');
    lower.add(n.name.toLowerCase());
    checkType(n.type, n.source, 'type');
    if (n.shape.some((d) => !Number.isInteger(d) || d < 1)) fail(`bad shape [${n.shape.join(', ')}]`, n.source, 'shape');
    const ins = n.inputs.map((i) => {
      const src = seen.get(i);
      if (!src) fail(all.has(i) ? `input '${i}' comes later: cycle or wrong order` : `input '${i}' does not exist`, n.source, 'inputs', 'FF020');
      return src;
    });
    verifyNode(n, ins);
    seen.set(n.name, n);
  }
  if (df.outputs.length === 0) throw new CompileError('FF012', 'design has no outputs');
  for (const o of df.outputs) if (!seen.has(o)) throw new CompileError('FF020', `output '${o}' does not exist`, { field: 'outputs' });
}

function verifyNode(n: DfNode, ins: readonly DfNode[]): void {
  const layer = n.source;
  const one = (): DfNode => {
    if (ins.length !== 1 || !ins[0]) fail(`${n.op} takes one input, got ${ins.length}`, layer, 'inputs');
    return ins[0];
  };
  const sameSize = (x: DfNode): void => {
    if (shapeSize(x.shape) !== shapeSize(n.shape)) fail(`${n.op} changes the number of elements`, layer, 'shape');
  };
  switch (n.op) {
    case 'input':
      if (ins.length !== 0) fail('input takes no inputs', layer, 'inputs');
      return;
    case 'dense': {
      const x = one();
      if (shapeSize(x.shape) !== n.inSize || shapeSize(n.shape) !== n.outSize) fail(`dense ${n.inSize}→${n.outSize} does not match its shapes`, layer, 'shape');
      if (n.weights.length !== n.inSize * n.outSize) fail(`weights has ${n.weights.length} codes, expected ${n.inSize * n.outSize}`, layer, 'weights');
      if (n.bias.length !== n.outSize) fail(`bias has ${n.bias.length} codes, expected ${n.outSize}`, layer, 'bias');
      for (const [f, t] of [['weightType', n.weightType], ['biasType', n.biasType], ['productType', n.productType], ['accType', n.accType]] as const) checkType(t, layer, f);
      inRange(n.weights, n.weightType, layer, 'weights');
      inRange(n.bias, n.biasType, layer, 'bias');
      if (!Number.isInteger(n.reuseFactor) || n.reuseFactor < 1) fail(`reuse factor ${n.reuseFactor} is invalid`, layer, 'reuseFactor');
      return;
    }
    case 'scale_shift': {
      sameSize(one());
      const c = n.shape[n.shape.length - 1] ?? 0;
      if (n.scale.length !== c || n.shift.length !== c) fail(`scale/shift need ${c} codes`, layer, 'scale');
      inRange(n.scale, n.scaleType, layer, 'scale');
      inRange(n.shift, n.shiftType, layer, 'shift');
      return;
    }
    case 'relu':
    case 'cast':
    case 'reshape':
      sameSize(one());
      return;
    case 'clip':
      sameSize(one());
      checkType(n.boundType, layer, 'boundType');
      inRange([n.lo, n.hi], n.boundType, layer, 'bounds');
      if (n.lo > n.hi) fail('clip lo exceeds hi', layer, 'lo');
      return;
    case 'leaky_relu':
      sameSize(one());
      inRange([n.alpha], n.alphaType, layer, 'alpha');
      checkType(n.productType, layer, 'productType');
      return;
    case 'table':
      sameSize(one());
      checkTable(n.table, layer, 'table');
      return;
    case 'softmax':
      sameSize(one());
      if (n.mode === 'stable') {
        if (!n.expTable || !n.invTable || !n.sumType) fail('stable softmax needs exp and reciprocal tables and a sum type', layer, 'expTable');
        checkTable(n.expTable, layer, 'expTable');
        checkTable(n.invTable, layer, 'invTable');
        checkType(n.sumType, layer, 'sumType');
      }
      return;
    case 'conv':
    case 'pool':
    case 'add':
    case 'concat':
    case 'zero_pad':
    case 'upsample':
    case 'channel_shuffle':
      return verifyConvDfNode(n, ins);
    default:
      return assertNever(n, 'dataflow op');
  }
}
