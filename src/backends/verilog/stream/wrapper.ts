/**
 * The module of one streaming layer, named after the layer: a join of its
 * input streams (all valid before any is taken), an optional fx_window
 * (line buffer and sliding window) or fx_accum (a global pool's running sum
 * or maximum), and the layer's datapath — a pipelined
 * 'pipe' module under fx_pipe_ctrl, or a folded 'stream' unit with its own
 * handshake. Ports: clk, rst, then per input k in<k>_valid / in<k>_ready /
 * x<k> (one pixel), then out_valid / out_ready / y (one pixel).
 */
import type { DfNode } from '../../../ir/dataflow/types.js';
import { fill } from '../../template-fill.js';
import { template } from '../library-files.js';
import { headerComment } from '../module-text.js';
import type { EmittedLayer } from '../layers/layer-types.js';

export interface WindowInstance {
  /** fx_window parameter list, without the #( ) */
  readonly params: string;
  readonly pixBits: number;
  readonly taps: number;
}

/** fx_accum: the running sum or maximum of a global pool, one pixel out per image */
export interface AccumInstance {
  /** fx_accum parameter list, without the #( ) */
  readonly params: string;
  readonly outBits: number;
}

export type Core =
  | { readonly kind: 'datapath'; readonly dp: EmittedLayer; readonly useMask: boolean }
  | { readonly kind: 'window-only' }
  | { readonly kind: 'upsample'; readonly params: string };

export interface WrapperSpec {
  readonly node: DfNode;
  readonly module: string;
  readonly notes: readonly string[];
  readonly inBits: readonly number[];
  readonly outBits: number;
  readonly window: WindowInstance | null;
  readonly accum?: AccumInstance;
  readonly core: Core;
}

const UNUSED = (line: string, why: string): string[] => [`  // ${why}`, '  /* verilator lint_off UNUSEDSIGNAL */', line, '  /* verilator lint_on UNUSEDSIGNAL */'];

export function wrapperText(s: WrapperSpec): string {
  const ports = ['  input wire clk,', '  input wire rst,'];
  s.inBits.forEach((bits, k) => ports.push(`  input wire in${k}_valid,`, `  output wire in${k}_ready,`, `  input wire [${bits - 1}:0] x${k},`));
  ports.push('  output wire out_valid,', '  input wire out_ready,', `  output wire [${s.outBits - 1}:0] y`);
  const body: string[] = [];
  const n = s.inBits.length;
  const xBits = s.inBits.reduce((a, b) => a + b, 0);
  // join: a pixel of every input, taken together
  body.push('  wire j_valid, j_ready;', `  wire [${xBits - 1}:0] j_x;`);
  const valids = s.inBits.map((_b, k) => `in${k}_valid`);
  body.push(`  assign j_valid = ${valids.join(' & ')};`);
  s.inBits.forEach((_b, k) => {
    const others = valids.filter((_v, m) => m !== k);
    body.push(`  assign in${k}_ready = j_ready${others.length > 0 ? ` & ${others.join(' & ')}` : ''};`);
  });
  body.push(`  assign j_x = ${n === 1 ? 'x0' : `{${s.inBits.map((_b, k) => `x${k}`).reverse().join(', ')}}`};`);
  let cv = 'j_valid';
  let cr = 'j_ready';
  let cx = 'j_x';
  let mask: string | null = null;
  if (s.window) {
    const w = s.window;
    body.push('', '  wire w_valid, w_ready;', `  wire [${w.taps * w.pixBits - 1}:0] w_x;`);
    const useMask = s.core.kind === 'datapath' && s.core.useMask;
    const maskDecl = `  wire [${w.taps - 1}:0] w_m;`;
    body.push(...(useMask ? [maskDecl] : UNUSED(maskDecl, 'which taps are padding: padding values need no mask here')));
    body.push(`  fx_window #(${w.params}) u_window (.clk(clk), .rst(rst), .in_valid(j_valid), .in_ready(j_ready), .x(j_x), .out_valid(w_valid), .out_ready(w_ready), .y(w_x), .m(w_m));`);
    cv = 'w_valid';
    cr = 'w_ready';
    cx = 'w_x';
    mask = useMask ? 'w_m' : null;
  }
  if (s.accum) {
    body.push('', '  wire a_valid, a_ready;', `  wire [${s.accum.outBits - 1}:0] a_x;`);
    body.push(`  fx_accum #(${s.accum.params}) u_accum (.clk(clk), .rst(rst), .in_valid(j_valid), .in_ready(j_ready), .x(j_x), .out_valid(a_valid), .out_ready(a_ready), .y(a_x));`);
    cv = 'a_valid';
    cr = 'a_ready';
    cx = 'a_x';
  }
  body.push('');
  if (s.core.kind === 'upsample') {
    body.push(`  fx_upsample #(${s.core.params}) u_upsample (.clk(clk), .rst(rst), .in_valid(${cv}), .in_ready(${cr}), .x(${cx}), .out_valid(out_valid), .out_ready(out_ready), .y(y));`);
  } else if (s.core.kind === 'window-only') {
    body.push(`  assign out_valid = ${cv};`, `  assign ${cr} = out_ready;`, `  assign y = ${cx};`);
  } else if (s.core.dp.kind === 'stream') {
    const dp = s.core.dp;
    body.push(...UNUSED('  wire unused_last;', 'frames are counted by position, not by tlast'));
    body.push(
      `  ${dp.module} u_dp (.clk(clk), .rst(rst), .in_valid(${cv}), .in_ready(${cr}), .in_last(1'b0), .x(${cx}), .out_valid(out_valid), .out_ready(out_ready), .out_last(unused_last), .y(y));`,
    );
  } else {
    const dp = s.core.dp;
    body.push(...UNUSED('  wire unused_last;', 'frames are counted by position, not by tlast'));
    body.push(...(dp.clocked ? ['  wire ce;'] : UNUSED('  wire ce;', 'the datapath has no registers')));
    body.push(
      `  fx_pipe_ctrl #(.DEPTH(${dp.latency})) u_ctrl (.clk(clk), .rst(rst), .in_valid(${cv}), .in_last(1'b0), .in_ready(${cr}), .ce(ce), .out_valid(out_valid), .out_last(unused_last), .out_ready(out_ready));`,
    );
    const clk = dp.clocked ? '.clk(clk), .ce(ce), ' : '';
    body.push(`  ${dp.module} u_dp (${clk}.x(${cx}), ${mask ? `.m(${mask}), ` : ''}.y(y));`);
  }
  return fill(template('module.v'), { header: headerComment(s.node, s.notes), module: s.module, ports: ports.join('\n'), body: body.join('\n') }, 'templates/verilog/module.v');
}
