/**
 * Window geometry of the conv ops on two spatial axes, as the library's
 * parameter structs take it: a 1D tensor [L, C] is [1, L, C] with a 1-high
 * window, stride 1 and no padding on the added axis (conv-types.ts).
 */
import type { WindowSpec } from '../../ir/dataflow/conv-types.js';
import { hwc, rowsCols } from '../../ir/graph/conv-geometry.js';
import { ucount } from './layer-code.js';


export interface WindowPlane {
  readonly inH: number;
  readonly inW: number;
  readonly chan: number;
  readonly kH: number;
  readonly kW: number;
  readonly sH: number;
  readonly sW: number;
  readonly padT: number;
  readonly padL: number;
  readonly outH: number;
  readonly outW: number;
}

export function windowPlane(n: WindowSpec): WindowPlane {
  const [inH, inW, chan] = hwc(n.inShape);
  const [kH, kW] = rowsCols(n.kernelSize, 1);
  const [sH, sW] = rowsCols(n.strides, 1);
  const [padT, padL] = rowsCols(n.padBefore, 0);
  const [padB, padR] = rowsCols(n.padAfter, 0);
  return { inH, inW, chan, kH, kW, sH, sW, padT, padL, outH: Math.floor((inH + padT + padB - kH) / sH) + 1, outW: Math.floor((inW + padL + padR - kW) / sW) + 1 };
}

/** True when some window tap lies in the padding. */
export function hasPadding(p: WindowPlane): boolean {
  const padB = (p.outH - 1) * p.sH + p.kH - p.padT - p.inH;
  const padR = (p.outW - 1) * p.sW + p.kW - p.padL - p.inW;
  return p.padT > 0 || p.padL > 0 || padB > 0 || padR > 0;
}

/** The parameter-struct lines fx_window.h reads. */
export function windowConfig(p: WindowPlane, nOut: number): string[] {
  return [
    ucount('in_h', p.inH),
    ucount('in_w', p.inW),
    ucount('n_chan', p.chan),
    ucount('k_h', p.kH),
    ucount('k_w', p.kW),
    ucount('s_h', p.sH),
    ucount('s_w', p.sW),
    ucount('pad_t', p.padT),
    ucount('pad_l', p.padL),
    ucount('out_h', p.outH),
    ucount('out_w', p.outW),
    ucount('n_out', nOut),
  ];
}
