/**
 * Keras activations (the `activation` of Dense / Activation layers, and the
 * quantizers QKeras puts there) as graph IR node specs.
 */
import type { FixedType } from '../../fixed/fixed-type.js';
import type { ActivationFn } from '../../ir/graph/types.js';
import { isObject, show, type Fields, type Json } from './json-fields.js';
import { activationQuantizer } from './qkeras-quantizers.js';
import { readQuantizerSpec } from './qkeras-spec.js';

export type ActivationSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'activation'; readonly fn: ActivationFn; readonly result?: FixedType }
  | { readonly kind: 'softmax' }
  | { readonly kind: 'clip'; readonly min: number; readonly max: number }
  | { readonly kind: 'leaky_relu'; readonly alpha: number };

/** Built-in Keras activations by name; `null` marks the ones the graph IR cannot express yet. */
const KERAS_ACTIVATIONS: Readonly<Record<string, ActivationSpec | null>> = {
  linear: { kind: 'none' },
  relu: { kind: 'activation', fn: 'relu' },
  sigmoid: { kind: 'activation', fn: 'sigmoid' },
  tanh: { kind: 'activation', fn: 'tanh' },
  softmax: { kind: 'softmax' },
  relu6: { kind: 'clip', min: 0, max: 6 },
  // keras.activations.leaky_relu (Keras 3) defaults to negative_slope = 0.2
  leaky_relu: { kind: 'leaky_relu', alpha: 0.2 },
  elu: null,
  selu: null,
  gelu: null,
  swish: null,
  silu: null,
  softplus: null,
  softsign: null,
  hard_sigmoid: null,
  hard_silu: null,
  hard_swish: null,
  exponential: null,
  mish: null,
  log_softmax: null,
};

function byName(name: string, where: Fields, field: string): ActivationSpec | undefined {
  if (!Object.prototype.hasOwnProperty.call(KERAS_ACTIVATIONS, name)) return undefined;
  const spec = KERAS_ACTIVATIONS[name];
  if (spec === null || spec === undefined) where.fail('FF006', `activation '${name}' is not supported by the graph IR yet`, field);
  return spec;
}

/** The activation written in `field` (absent means linear). */
export function readActivation(value: Json | undefined, where: Fields, field: string): ActivationSpec {
  if (value === undefined || value === null) return { kind: 'none' };
  if (typeof value === 'string') {
    const spec = byName(value, where, field);
    if (spec) return spec;
  } else if (isObject(value)) {
    const cfg = value['config'];
    // Keras 3 may serialize a built-in as {class_name: 'function', config: 'relu'}
    if (typeof cfg === 'string') {
      const spec = byName(cfg, where, field);
      if (spec) return spec;
      where.fail('FF006', `activation '${cfg}' is not supported`, field);
    }
    const cls = value['class_name'];
    if (typeof cls === 'string' && (cfg === undefined || cfg === null)) {
      const spec = byName(cls, where, field);
      if (spec) return spec;
    }
  } else {
    where.fail('FF002', `${field} must be an activation name or object, got ${show(value)}`, field);
  }
  const q = readQuantizerSpec(value, where, field);
  if (q === null) return { kind: 'none' };
  if (!/^(quantized_|binary|ternary|stochastic_|bernoulli)/.test(q.name)) {
    where.fail('FF006', `activation '${q.name}' is not supported`, field);
  }
  const aq = activationQuantizer(q);
  return { kind: 'activation', fn: aq.fn, result: aq.result };
}
