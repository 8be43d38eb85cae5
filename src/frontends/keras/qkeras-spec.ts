/**
 * QKeras quantizer specs as they appear in a config: a dict
 * `{class_name, config}` or a string such as `quantized_bits(6,0,alpha=1)`,
 * normalized to a name and named arguments (positional arguments take
 * QKeras's parameter order).
 */
import { Fields, isObject, show, type Json, type JsonObject } from './json-fields.js';

/** QKeras constructor parameters, in positional order. */
export const QKERAS_PARAMS: Readonly<Record<string, readonly string[]>> = {
  quantized_bits: ['bits', 'integer', 'symmetric', 'keep_negative', 'alpha', 'use_stochastic_rounding', 'scale_axis', 'qnoise_factor', 'var_name', 'use_ste', 'use_variables', 'elements_per_scale', 'min_po2_exponent', 'max_po2_exponent', 'post_training_scale'],
  quantized_relu: ['bits', 'integer', 'use_sigmoid', 'negative_slope', 'use_stochastic_rounding', 'relu_upper_bound', 'is_quantized_clip', 'qnoise_factor', 'var_name', 'use_ste', 'use_variables'],
  binary: ['use_01', 'alpha', 'use_stochastic_rounding'],
  ternary: ['alpha', 'threshold', 'use_stochastic_rounding', 'number_of_unrolls'],
};

export interface QuantizerSpec {
  readonly name: string;
  /** the arguments given (defaults are applied by the reader) */
  readonly args: Fields;
  /** how it was written, for messages */
  readonly text: string;
}

/** Parse a Python literal used in a quantizer string. */
function literal(s: string, fail: (m: string) => never): Json {
  const t = s.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (t === 'None') return null;
  const q = /^'([^']*)'$|^"([^"]*)"$/.exec(t);
  if (q) return q[1] ?? q[2] ?? '';
  return fail(`cannot read argument '${t}'`);
}

/**
 * The quantizer written in `field` of a layer config, or null when there is
 * none. `where` locates errors (file, layer; its prefix is replaced by `field.`).
 */
export function readQuantizerSpec(value: Json | undefined, where: Fields, field: string): QuantizerSpec | null {
  if (value === undefined || value === null) return null;
  const prefix = `${field}.`;
  if (typeof value === 'string') {
    const fail: (m: string) => never = (m) => where.fail('FF002', `${field} '${value}': ${m}`, field);
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$/s.exec(value);
    if (!m) return fail('not a quantizer call');
    const name = m[1] ?? '';
    const obj: JsonObject = {};
    const body = (m[2] ?? '').trim();
    const params = QKERAS_PARAMS[name] ?? [];
    if (body.length > 0) {
      body.split(',').forEach((part, k) => {
        const eq = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/s.exec(part);
        if (eq) {
          obj[eq[1] ?? ''] = literal(eq[2] ?? '', fail);
        } else {
          // an unknown quantizer keeps its positional arguments as _0, _1 …, to be refused by name later
          const key = QKERAS_PARAMS[name] === undefined ? `_${k}` : params[k];
          if (key === undefined) fail(`too many positional arguments for ${name}`);
          obj[key] = literal(part, fail);
        }
      });
    }
    return { name, args: new Fields(obj, where.file, where.layer, prefix), text: value };
  }
  if (isObject(value)) {
    const f = new Fields(value, where.file, where.layer, prefix);
    const name = f.string('class_name');
    const cfg = f.has('config') ? f.object('config') : {};
    return { name, args: new Fields(cfg, where.file, where.layer, prefix), text: `${name}(${show(cfg)})` };
  }
  return where.fail('FF002', `${field} must be a quantizer name or object, got ${show(value)}`, field);
}
