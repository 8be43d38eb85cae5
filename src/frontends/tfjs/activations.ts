/**
 * Keras activation names → graph IR nodes. A Dense layer's fused activation
 * and an Activation layer both come through here.
 */
import { assertNever } from '../../core/assert-never.js';
import type { GraphNode, Shape } from '../../ir/graph/types.js';
import type { LayerConfig } from './layer-config.js';

export const SUPPORTED_ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax'] as const;
export type SupportedActivation = (typeof SUPPORTED_ACTIVATIONS)[number];

function isSupported(a: string): a is SupportedActivation {
  return (SUPPORTED_ACTIVATIONS as readonly string[]).includes(a);
}

/** The activation named by `field` of the layer (absent or null means linear). */
export function readActivation(cfg: LayerConfig, field = 'activation'): SupportedActivation {
  const v = cfg.layer.config[field] ?? 'linear';
  if (typeof v !== 'string') {
    return cfg.fail('FF006', `activation ${JSON.stringify(v)} is not supported (${SUPPORTED_ACTIVATIONS.join(', ')})`, field);
  }
  if (!isSupported(v)) {
    return cfg.fail('FF006', `activation '${v}' of ${cfg.layer.className} is not supported (${SUPPORTED_ACTIVATIONS.join(', ')})`, field);
  }
  return v;
}

/** The node computing `act` of `input`, named `name`. */
export function activationNode(act: SupportedActivation, name: string, input: string, shape: Shape): GraphNode {
  const base = { name, inputs: [input], shape };
  switch (act) {
    case 'linear':
    case 'relu':
    case 'sigmoid':
    case 'tanh':
      return { ...base, op: 'activation', fn: act };
    case 'relu6':
      return { ...base, op: 'clip', min: 0, max: 6 };
    case 'softmax':
      return { ...base, op: 'softmax' };
    default:
      return assertNever(act, 'activation');
  }
}
