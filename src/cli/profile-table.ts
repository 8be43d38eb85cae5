/** The overflow profile as a text table. */
import type { TensorProfile } from '../../sim/profile.js';
import { textTable } from '../report/summary.js';

const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(4));

export function profileTable(p: readonly TensorProfile[]): string {
  const rows = p.map((t) => [
    t.layer,
    t.tensor,
    t.type,
    t.count,
    t.overflows > 0 ? `${t.overflows} (${((100 * t.overflows) / Math.max(1, t.count)).toFixed(2)}%)` : '0',
    `[${num(t.observedMin)}, ${num(t.observedMax)}]`,
    `[${t.typeMin}, ${t.typeMax}]`,
    t.suggestedInt,
  ]);
  return 'overflow profile\n' + textTable(['layer', 'tensor', 'type', 'values', 'overflows', 'observed', 'type range', 'suggested I'], rows);
}
