/**
 * The ONNX importer (ONNX and QONNX / QDQ models): decode with onnx-buf,
 * check versions, read initializers and inputs, order the nodes, convert
 * each through the op table, and verify the graph.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataType as DT, type GraphProto, type ModelProto, type NodeProto, type ValueInfoProto } from 'onnx-buf';
import { CompileError, isCompileError } from '../../core/diagnostics.js';
import type { Graph } from '../../ir/graph/types.js';
import { GraphBuilder } from '../keras/graph-builder.js';
import { MAX_NODES, WeightBudget } from '../keras/import-limits.js';
import { Attributes } from './attributes.js';
import { ONNX_OPS, QONNX_OPS } from './op-table.js';
import type { OpContext } from './op-context.js';
import { DEFAULT_DOMAINS, ONNX_IR_RANGE, ONNX_OPSET_RANGE, QONNX_DOMAINS } from './onnx-versions.js';
import { tensorData } from './tensor-data.js';
import { graphShape, inputPerm, naturalOrder, type TensorValue, type Value } from './values.js';

function decode(bytes: Uint8Array, file: string): ModelProto {
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : 'decoding failed';
    throw new CompileError('FF002', `malformed ONNX file: ${why}`, { file });
  }
  if (model.graph === undefined) throw new CompileError('FF002', 'not an ONNX model: no graph', { file });
  const ir = Number(model.irVersion);
  if (ir < ONNX_IR_RANGE.min || ir > ONNX_IR_RANGE.max) {
    throw new CompileError(ir < 1 ? 'FF002' : 'FF006', `ONNX IR version ${ir} is outside the supported range ${ONNX_IR_RANGE.min}..${ONNX_IR_RANGE.max}`, { file, field: 'ir_version' });
  }
  return model;
}

/** Opset version per domain ('' for the default domain). */
function opsets(model: ModelProto, file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of model.opsetImport) {
    const domain = DEFAULT_DOMAINS.includes(o.domain) ? '' : o.domain;
    out.set(domain, Number(o.version));
  }
  const v = out.get('');
  if (v === undefined) throw new CompileError('FF002', 'the model imports no default-domain opset', { file, field: 'opset_import' });
  if (v < ONNX_OPSET_RANGE.min || v > ONNX_OPSET_RANGE.max) {
    throw new CompileError('FF006', `opset ${v} is outside the supported range ${ONNX_OPSET_RANGE.min}..${ONNX_OPSET_RANGE.max}`, { file, field: 'opset_import' });
  }
  return out;
}

const FLOAT_TYPES: readonly number[] = [DT.FLOAT, DT.DOUBLE, DT.FLOAT16];

/** An input node for a graph input: batch axis dropped, channels-first read as channels-last. */
function addInput(vi: ValueInfoProto, builder: GraphBuilder, file: string): TensorValue {
  const loc = { file, layer: vi.name, field: 'input' };
  const tt = vi.type?.value;
  if (tt?.case !== 'tensorType') throw new CompileError('FF006', `input '${vi.name}' is not a tensor`, loc);
  if (!FLOAT_TYPES.includes(tt.value.elemType)) throw new CompileError('FF006', `input '${vi.name}' has element type ${tt.value.elemType}; only float inputs are supported`, loc);
  const dims = tt.value.shape?.dim ?? [];
  if (dims.length < 2) throw new CompileError('FF006', `input '${vi.name}' has rank ${dims.length}; a batch axis and a feature axis are needed`, loc);
  const shape = dims.slice(1).map((d, k) => {
    const v = d.value.case === 'dimValue' ? d.value.value : undefined;
    if (v === undefined || v < 1n) throw new CompileError('FF006', `input '${vi.name}' dimension ${k + 1} is not a fixed size`, loc);
    if (v > 1n << 30n) throw new CompileError('FF018', `input '${vi.name}' dimension ${k + 1} is ${v}`, loc);
    return Number(v);
  });
  const perm = inputPerm(shape.length);
  const node = builder.add({ op: 'input', name: vi.name || 'input', inputs: [], shape: graphShape({ shape, perm }) });
  return { kind: 'tensor', node, shape, perm };
}

/** Node order: producers before consumers (Kahn, ties by file order); FF020 on a dangling input or a cycle. */
function nodeOrder(g: GraphProto, known: ReadonlySet<string>, file: string): NodeProto[] {
  const producer = new Map<string, number>();
  g.node.forEach((n, i) => {
    for (const o of n.output) {
      if (o === '') continue;
      if (producer.has(o) || known.has(o)) throw new CompileError('FF002', `value '${o}' is defined twice`, { file, layer: nodeName(n, i), field: 'output' });
      producer.set(o, i);
    }
  });
  const deps = g.node.map((n, i) => {
    const d = new Set<number>();
    n.input.forEach((name, k) => {
      if (name === '') return;
      const p = producer.get(name);
      if (p !== undefined) d.add(p);
      else if (!known.has(name)) throw new CompileError('FF020', `input '${name}' is produced by no node, initializer or graph input (dangling edge)`, { file, layer: nodeName(n, i), field: `input[${k}]` });
    });
    return d;
  });
  const readers = g.node.map(() => [] as number[]);
  deps.forEach((d, i) => d.forEach((p) => readers[p]?.push(i)));
  const pending = deps.map((d) => d.size);
  const ready: number[] = [];
  pending.forEach((c, i) => c === 0 && ready.push(i));
  const order: NodeProto[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const i = ready.shift() as number;
    order.push(g.node[i] as NodeProto);
    for (const r of readers[i] ?? []) {
      pending[r] = (pending[r] ?? 0) - 1;
      if (pending[r] === 0) ready.push(r);
    }
  }
  if (order.length !== g.node.length) {
    const stuck = pending.findIndex((c) => c > 0);
    const n = g.node[stuck];
    throw new CompileError('FF020', 'the nodes form a cycle', { file, ...(n ? { layer: nodeName(n, stuck) } : {}) });
  }
  return order;
}

function nodeName(n: NodeProto, index: number): string {
  return n.name || n.output.find((o) => o !== '') || `${n.opType || 'node'}_${index}`;
}

function stem(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '') || 'model';
}

export function importOnnxBytes(bytes: Uint8Array, file: string): Graph {
  const model = decode(bytes, file);
  const versions = opsets(model, file);
  const g = model.graph as GraphProto;
  if (g.node.length > MAX_NODES) throw new CompileError('FF018', `the graph has ${g.node.length} nodes, more than ${MAX_NODES}`, { file });
  if (g.sparseInitializer.length > 0) throw new CompileError('FF006', 'sparse initializers are not supported', { file, field: 'sparse_initializer' });
  const builder = new GraphBuilder(file);
  const budget = new WeightBudget(file);
  const values = new Map<string, Value>();
  for (const t of g.initializer) {
    const loc = { file, layer: t.name, field: 'initializer' };
    if (t.name === '' || values.has(t.name)) throw new CompileError('FF002', `initializer name '${t.name}' is empty or repeated`, loc);
    const d = tensorData(t, loc);
    budget.take(d.data.length, t.name, 'initializer');
    values.set(t.name, { kind: 'const', dims: d.dims, data: d.data, integer: d.integer, dataType: d.dataType });
  }
  const inputNames = new Set<string>();
  for (const vi of g.input) {
    if (inputNames.has(vi.name)) throw new CompileError('FF002', `graph input '${vi.name}' is listed twice`, { file, layer: vi.name, field: 'input' });
    inputNames.add(vi.name);
    if (values.has(vi.name)) continue; // an initializer listed as an input (IR < 4): a constant
    values.set(vi.name, addInput(vi, builder, file));
  }
  const uses = new Map<string, number>();
  for (const n of g.node) for (const i of n.input) uses.set(i, (uses.get(i) ?? 0) + 1);
  for (const o of g.output) uses.set(o.name, (uses.get(o.name) ?? 0) + 1);

  nodeOrder(g, new Set(values.keys()), file).forEach((node, index) => {
    const name = nodeName(node, index);
    const loc = { file, layer: name };
    const isDefault = DEFAULT_DOMAINS.includes(node.domain);
    const table = isDefault ? ONNX_OPS : QONNX_DOMAINS.includes(node.domain) ? QONNX_OPS : undefined;
    const convert = table && Object.prototype.hasOwnProperty.call(table, node.opType) ? table[node.opType] : undefined;
    if (convert === undefined) {
      const where = isDefault ? '' : ` from domain '${node.domain}'`;
      throw new CompileError('FF006', `unsupported ONNX op '${node.opType}'${where} (node '${name}')`, { ...loc, field: 'op_type' });
    }
    try {
      const attrs = new Attributes(node, loc);
      const ctx: OpContext = {
        node,
        name,
        opset: versions.get(isDefault ? '' : node.domain) ?? 1,
        attrs,
        inputs: node.input.map((n) => (n === '' ? undefined : values.get(n))),
        builder,
        loc,
        uses: (v) => uses.get(v) ?? 0,
      };
      const outs = convert(ctx);
      attrs.finish(node.opType);
      node.output.forEach((o, k) => {
        if (o === '') return;
        const v = outs[k];
        if (v !== undefined) values.set(o, v);
        else if ((uses.get(o) ?? 0) > 0) throw new CompileError('FF006', `${node.opType} output ${k} ('${o}') is not computed at inference, yet it is read`, { ...loc, field: `output[${k}]` });
      });
    } catch (e) {
      if (isCompileError(e)) throw e.at(loc);
      throw e;
    }
  });

  const outputs = g.output.map((o) => {
    const loc = { file, layer: o.name, field: 'output' };
    const v = values.get(o.name);
    if (v === undefined) throw new CompileError('FF020', `graph output '${o.name}' is produced by no node`, loc);
    if (v.kind === 'const') throw new CompileError('FF006', `graph output '${o.name}' is a constant`, loc);
    if (v.kind === 'quantized') throw new CompileError('FF006', `graph output '${o.name}' is the integer output of QuantizeLinear '${v.by}'`, loc);
    if (!naturalOrder(v)) throw new CompileError('FF006', `graph output '${o.name}' would need a transpose back to ONNX's layout`, loc);
    return v.node;
  });
  if (outputs.length === 0) throw new CompileError('FF002', 'the graph has no outputs', { file, field: 'output' });
  return builder.finish(g.name || stem(file), outputs);
}
