/**
 * Keras layers (normalized by topology.ts) → graph IR nodes, with per-sample
 * shape inference and binding of the manifest weights `<layer>/<param>`.
 * Layer names are kept as node names; a Dense layer's fused activation
 * becomes a separate node `<layer>_<activation>`; Dropout disappears.
 */
import { CompileError } from '../../core/diagnostics.js';
import { GRAPH_IR_VERSION, shapeSize, type Graph, type GraphNode, type Shape } from '../../ir/graph/types.js';
import { KERAS_CONV_FAMILY, isKerasConvFamily, kerasConvFamilyNode } from '../keras-layers/conv-nodes.js';
import type { KerasFieldSource } from '../keras-layers/conv-fields.js';
import { activationNode, readActivation } from './activations.js';
import { LayerConfig } from './layer-config.js';
import type { TopoLayer, Topology } from './topology.js';
import { splitWeightName, type ModelWeights } from './weight-shards.js';

export const SUPPORTED_LAYERS = [
  'InputLayer',
  'Dense',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'Softmax',
  'BatchNormalization',
  'Flatten',
  'Reshape',
  'Dropout',
  ...KERAS_CONV_FAMILY,
] as const;

interface Produced {
  readonly node: string;
  readonly shape: Shape;
}

class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  /** topology layer name → the graph node holding its output */
  private readonly produced = new Map<string, Produced>();
  private readonly taken: Set<string>;
  private readonly usedWeights = new Set<string>();
  private readonly specShapes: ReadonlyMap<string, readonly number[]>;

  constructor(
    private readonly topo: Topology,
    private readonly weights: ModelWeights,
    private readonly file: string,
  ) {
    this.taken = new Set(topo.layers.map((l) => l.name));
    this.specShapes = new Map(weights.specs.map((s) => [s.name, s.shape]));
  }

  build(): Graph {
    for (const layer of this.topo.layers) this.convert(new LayerConfig(layer, this.file));
    for (const spec of this.weights.specs) {
      if (!this.usedWeights.has(spec.name)) {
        throw new CompileError('FF004', `weight '${spec.name}' of the manifest belongs to no weight of a layer in the topology`, {
          file: this.file,
          ...splitWeightName(spec.name),
        });
      }
    }
    const outputs = this.topo.outputs.map((o) => this.produced.get(o)?.node ?? o);
    return { version: GRAPH_IR_VERSION, name: this.topo.name, nodes: this.nodes, outputs };
  }

  /** A node name derived from `base` that no layer and no earlier node uses. */
  private fresh(base: string): string {
    let name = base;
    for (let k = 2; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  private emit(layer: string, node: GraphNode): void {
    this.nodes.push(node);
    this.produced.set(layer, { node: node.name, shape: node.shape });
  }

  private input(cfg: LayerConfig): Produced {
    const inbound = cfg.layer.inbound;
    const src = inbound[0];
    if (inbound.length > 1) cfg.fail('FF006', `${cfg.layer.className} with ${inbound.length} inputs is not supported`, 'inbound_nodes');
    if (src === undefined) cfg.fail('FF002', `${cfg.layer.className} has no input`, 'inbound_nodes');
    const p = this.produced.get(src);
    if (!p) cfg.fail('FF020', `inbound layer '${src}' has not been defined`, 'inbound_nodes');
    return p;
  }

  /** Every inbound tensor, in order (Add and Concatenate take several). */
  private inputs(cfg: LayerConfig): Produced[] {
    if (cfg.layer.inbound.length === 0) cfg.fail('FF002', `${cfg.layer.className} has no input`, 'inbound_nodes');
    return cfg.layer.inbound.map((src) => {
      const p = this.produced.get(src);
      if (!p) cfg.fail('FF020', `inbound layer '${src}' has not been defined`, 'inbound_nodes');
      return p;
    });
  }

  /** A conv-family layer (keras-layers/conv-nodes.ts), then its fused activation as its own node. */
  private convFamily(cfg: LayerConfig, cls: (typeof KERAS_CONV_FAMILY)[number]): void {
    const src: KerasFieldSource = {
      className: cfg.layer.className,
      raw: (field) => cfg.layer.config[field],
      fail: (code, message, field) => cfg.fail(code, message, field),
    };
    const read = (specs: readonly { readonly name: string; readonly shape: readonly number[] }[]) =>
      specs.map((s) => this.weight(cfg, s.name, s.shape));
    const { node, hasActivation } = kerasConvFamilyNode(src, cls, cfg.name, this.inputs(cfg).map((p) => ({ name: p.node, shape: p.shape })), read);
    const act = hasActivation ? readActivation(cfg) : 'linear';
    if (act === 'linear') return this.emit(cfg.name, node);
    this.nodes.push(node);
    this.emit(cfg.name, activationNode(act, this.fresh(`${cfg.name}_${act}`), cfg.name, node.shape));
  }

  /** The decoded weight `<layer>/<param>`, checked against the shape the topology implies. */
  private weight(cfg: LayerConfig, param: string, expected: Shape): number[] {
    const name = `${cfg.name}/${param}`;
    const values = this.weights.values.get(name);
    const shape = this.specShapes.get(name);
    if (!values || !shape) cfg.fail('FF003', `weight '${name}' is not in the weights manifest`, param);
    if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
      cfg.fail('FF004', `weight '${name}' has shape [${shape.join(', ')}], the topology implies [${expected.join(', ')}]`, param);
    }
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) cfg.fail('FF005', `weight '${name}' has ${values[bad]} at index ${bad}`, param);
    this.usedWeights.add(name);
    return Array.from(values);
  }

  private convert(cfg: LayerConfig): void {
    const layer: TopoLayer = cfg.layer;
    const name = layer.name;
    switch (layer.className) {
      case 'InputLayer':
        return this.emit(name, { op: 'input', name, inputs: [], shape: inputShape(cfg) });
      case 'Dense':
        return this.dense(cfg);
      case 'Activation': {
        const src = this.input(cfg);
        return this.emit(name, activationNode(readActivation(cfg), name, src.node, src.shape));
      }
      case 'ReLU':
        return this.relu(cfg);
      case 'LeakyReLU': {
        const src = this.input(cfg);
        const alpha = cfg.has('negative_slope') ? cfg.number('negative_slope') : cfg.number('alpha', 0.3);
        return this.emit(name, { op: 'leaky_relu', name, inputs: [src.node], shape: src.shape, alpha });
      }
      case 'Softmax': {
        const src = this.input(cfg);
        lastAxis(cfg, src.shape, -1);
        return this.emit(name, { op: 'softmax', name, inputs: [src.node], shape: src.shape });
      }
      case 'BatchNormalization':
        return this.batchnorm(cfg);
      case 'Flatten': {
        const src = this.input(cfg);
        const format = cfg.string('data_format', 'channels_last');
        if (format === 'channels_first' && src.shape.length > 1) {
          cfg.fail('FF006', 'Flatten with data_format channels_first is not supported', 'data_format');
        }
        return this.emit(name, { op: 'reshape', name, inputs: [src.node], shape: [shapeSize(src.shape)] });
      }
      case 'Reshape': {
        const src = this.input(cfg);
        return this.emit(name, { op: 'reshape', name, inputs: [src.node], shape: reshapeTarget(cfg, src.shape) });
      }
      case 'Dropout':
        this.produced.set(name, this.input(cfg));
        return;
      default:
        if (isKerasConvFamily(layer.className)) return this.convFamily(cfg, layer.className);
        return cfg.fail(
          'FF006',
          `layer class '${layer.className}' is not supported (supported: ${SUPPORTED_LAYERS.join(', ')})`,
          'class_name',
        );
    }
  }

  private dense(cfg: LayerConfig): void {
    const src = this.input(cfg);
    const units = cfg.positiveInt('units');
    const act = readActivation(cfg);
    if (src.shape.length !== 1) {
      const shown = src.shape.join(', ');
      cfg.fail('FF006', `Dense on an input of shape [${shown}] is not supported: it needs a flat input (add a Flatten)`, 'inputs');
    }
    const inF = src.shape[0] ?? 0;
    const kernel = this.weight(cfg, 'kernel', [inF, units]);
    const bias = cfg.bool('use_bias', true) ? this.weight(cfg, 'bias', [units]) : null;
    const shape = [units];
    if (act === 'linear') return this.emit(cfg.name, { op: 'dense', name: cfg.name, inputs: [src.node], shape, units, kernel, bias });
    this.nodes.push({ op: 'dense', name: cfg.name, inputs: [src.node], shape, units, kernel, bias });
    this.emit(cfg.name, activationNode(act, this.fresh(`${cfg.name}_${act}`), cfg.name, shape));
  }

  private relu(cfg: LayerConfig): void {
    const src = this.input(cfg);
    const base = { name: cfg.name, inputs: [src.node], shape: src.shape };
    const maxValue = cfg.optionalNumber('max_value');
    const slope = cfg.number('negative_slope', 0);
    if (cfg.number('threshold', 0) !== 0) cfg.fail('FF006', 'ReLU with a non-zero threshold is not supported', 'threshold');
    if (slope !== 0 && maxValue !== null) {
      cfg.fail('FF006', 'ReLU with both max_value and negative_slope is not supported', 'negative_slope');
    }
    if (maxValue !== null && maxValue < 0) cfg.fail('FF002', `max_value must be ≥ 0, got ${maxValue}`, 'max_value');
    if (slope !== 0) return this.emit(cfg.name, { ...base, op: 'leaky_relu', alpha: slope });
    if (maxValue !== null) return this.emit(cfg.name, { ...base, op: 'clip', min: 0, max: maxValue });
    return this.emit(cfg.name, { ...base, op: 'activation', fn: 'relu' });
  }

  private batchnorm(cfg: LayerConfig): void {
    const src = this.input(cfg);
    lastAxis(cfg, src.shape, -1);
    const c = src.shape[src.shape.length - 1] ?? 0;
    const gamma = cfg.bool('scale', true) ? this.weight(cfg, 'gamma', [c]) : new Array<number>(c).fill(1);
    const beta = cfg.bool('center', true) ? this.weight(cfg, 'beta', [c]) : new Array<number>(c).fill(0);
    const mean = this.weight(cfg, 'moving_mean', [c]);
    const variance = this.weight(cfg, 'moving_variance', [c]);
    const epsilon = cfg.number('epsilon', 1e-3);
    this.emit(cfg.name, { op: 'batchnorm', name: cfg.name, inputs: [src.node], shape: src.shape, gamma, beta, mean, variance, epsilon });
  }
}

/** Per-sample input shape from batch_input_shape (tfjs, Keras 2) or batch_shape (Keras 3). */
function inputShape(cfg: LayerConfig): number[] {
  const field = cfg.has('batch_input_shape') ? 'batch_input_shape' : 'batch_shape';
  const dims = cfg.intList(field, -1).slice(1);
  if (dims.length === 0 || dims.some((d) => d < 1)) {
    cfg.fail('FF006', `input shape [${dims.join(', ')}] is not supported: every per-sample dimension must be fixed and positive`, field);
  }
  const dtype = cfg.string('dtype', 'float32');
  if (dtype !== 'float32') cfg.fail('FF006', `input dtype ${dtype} is not supported (float32)`, 'dtype');
  return dims;
}

/** Check that `field` names the last axis (Keras counts the batch axis as 0). */
function lastAxis(cfg: LayerConfig, shape: Shape, fallback: number): void {
  const axis = cfg.axis('axis', fallback);
  if (axis !== -1 && axis !== shape.length) {
    const shown = shape.join(', ');
    cfg.fail('FF006', `axis ${axis} is not supported: only the last axis (-1 or ${shape.length}) for input shape [${shown}]`, 'axis');
  }
}

function reshapeTarget(cfg: LayerConfig, from: Shape): number[] {
  const target = cfg.intList('target_shape', -1);
  const unknown = target.filter((d) => d === -1).length;
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const total = shapeSize(from);
  const bad = (): never =>
    cfg.fail('FF002', `cannot reshape [${from.join(', ')}] (${total} elements) to [${target.join(', ')}]`, 'target_shape');
  if (target.length === 0 || unknown > 1 || target.some((d) => d === 0 || d < -1)) bad();
  if (unknown === 1) {
    if (total % known !== 0) bad();
    return target.map((d) => (d === -1 ? total / known : d));
  }
  if (known !== total) bad();
  return target;
}

/** Build the graph IR of a normalized topology with its decoded weights. */
export function convertLayers(topo: Topology, weights: ModelWeights, file: string): Graph {
  return new GraphBuilder(topo, weights, file).build();
}
