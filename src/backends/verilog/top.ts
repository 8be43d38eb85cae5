/**
 * The top module: every layer instantiated once, chained by buses, with an
 * AXI-Stream slave for inputs and master for outputs.
 *
 * Runs of 'pipe' layers form a segment: one fx_pipe_ctrl tracks the valid
 * (and tlast) flag of every register stage and drives the common clock
 * enable, so back-pressure stalls the segment. Folded layers ('stream')
 * have their own valid/ready handshake and sit between segments. Designs with
 * folded layers must be chains; any other graph of pipe layers is one segment
 * whose outputs are delayed to a common stage.
 */
import { CompileError } from '../../core/diagnostics.js';
import type { Dataflow, DfNode } from '../../ir/dataflow/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import { fill } from '../template-fill.js';
import { escapeComment } from './comment.js';
import { emitLayer } from './layers/emit-layer.js';
import type { EmittedLayer } from './layers/layer-types.js';
import type { ResolvedOptions } from './options.js';
import { template } from './library-files.js';

export interface PortField {
  /** dataflow node */
  readonly node: string;
  /** first bit in tdata */
  readonly offset: number;
  readonly count: number;
  readonly width: number;
  readonly signed: boolean;
}

export interface DesignLayout {
  readonly top: string;
  readonly topText: string;
  readonly layers: readonly EmittedLayer[];
  /** tdata widths (padded to whole bytes) */
  readonly inBits: number;
  readonly outBits: number;
  readonly inputs: readonly PortField[];
  readonly outputs: readonly PortField[];
  /** cycles from an accepted input to its output valid, without back-pressure */
  readonly latency: number;
  readonly ii: number;
}

interface Placed {
  readonly node: DfNode;
  readonly layer: EmittedLayer;
  readonly seg: number;
  readonly stage: number;
  readonly depth: number;
  readonly bus: string;
}

const bytes = (bits: number): number => Math.max(8, Math.ceil(bits / 8) * 8);

function checkChain(df: Dataflow): void {
  const uses = new Map<string, number>();
  for (const n of df.nodes) for (const i of n.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  const inputs = df.nodes.filter((n) => n.op === 'input');
  const last = df.nodes[df.nodes.length - 1];
  const chain =
    inputs.length === 1 &&
    df.outputs.length === 1 &&
    df.outputs[0] === last?.name &&
    df.nodes.every((n) => (n.op === 'input' ? true : n.inputs.length === 1) && (n === last ? !uses.has(n.name) : uses.get(n.name) === 1));
  if (!chain) {
    const folded = df.nodes.find((n) => n.op === 'dense' && n.reuseFactor > 1);
    throw new CompileError('FF006', 'a reuse factor above 1 needs a chain-shaped design (one input, one output, no branches) in the Verilog backend', {
      layer: folded?.source,
      field: 'reuseFactor',
    });
  }
}

export function buildDesign(df: Dataflow, opts: ResolvedOptions, topName: string): DesignLayout {
  const hasStream = df.nodes.some((n) => n.op === 'dense' && n.reuseFactor > 1);
  if (hasStream) checkChain(df);

  const placed = new Map<string, Placed>();
  const layers: EmittedLayer[] = [];
  const inst: string[] = [];
  const wires: string[] = [];
  const inputs: PortField[] = [];
  let inOffset = 0;
  // segments: their stage count is fixed when they close
  const segDepth: number[] = [];
  const streams: { layer: EmittedLayer; fromSeg: number; toSeg: number }[] = [];
  let seg = 0;
  const usedCe = new Set<number>([0]);

  for (const node of df.nodes) {
    if (node.op === 'input') {
      const size = shapeSize(node.shape);
      const layer = emitLayer(node, { opts, inType: node.type, inSize: size, inDepth: 0 });
      const bits = size * node.type.width;
      const bus = `${node.name}_y`;
      wires.push(`  wire [${bits - 1}:0] ${bus};`);
      inst.push(`  ${layer.module} u_${node.name} (.clk(aclk), .ce(ce_0), .x(s_axis_tdata[${inOffset + bits - 1}:${inOffset}]), .y(${bus}));`);
      inputs.push({ node: node.name, offset: inOffset, count: size, width: node.type.width, signed: node.type.signed });
      inOffset += bits;
      layers.push(layer);
      placed.set(node.name, { node, layer, seg: 0, stage: 1, depth: 0, bus });
      continue;
    }
    const src = placed.get(node.inputs[0] ?? '');
    if (!src || node.inputs.length !== 1) throw new CompileError('FF006', `layer has ${node.inputs.length} inputs; the Verilog backend supports single-input layers`, { layer: node.source });
    const layer = emitLayer(node, { opts, inType: src.node.type, inSize: shapeSize(src.node.shape), inDepth: src.depth });
    layers.push(layer);
    const bits = shapeSize(node.shape) * node.type.width;
    const bus = `${node.name}_y`;
    wires.push(`  wire [${bits - 1}:0] ${bus};`);
    if (layer.kind === 'pipe') {
      const clk = layer.clocked ? `.clk(aclk), .ce(ce_${src.seg}), ` : '';
      if (layer.clocked) usedCe.add(src.seg);
      inst.push(`  ${layer.module} u_${node.name} (${clk}.x(${src.bus}), .y(${bus}));`);
      placed.set(node.name, { node, layer, seg: src.seg, stage: src.stage + layer.latency, depth: layer.outDepth, bus });
    } else {
      // close the segment feeding this unit; its output may be combinational (the unit registers it)
      segDepth[src.seg] = src.stage;
      const from = src.seg;
      seg += 1;
      streams.push({ layer, fromSeg: from, toSeg: seg });
      inst.push(
        `  ${layer.module} u_${node.name} (.clk(aclk), .rst(rst), .in_valid(seg${from}_out_valid), .in_ready(seg${from}_out_ready), .in_last(seg${from}_out_last), .x(${src.bus}), ` +
          `.out_valid(seg${seg}_in_valid), .out_ready(seg${seg}_in_ready), .out_last(seg${seg}_in_last), .y(${bus}));`,
      );
      placed.set(node.name, { node, layer, seg, stage: 0, depth: 0, bus });
    }
  }

  // outputs: all delayed to one stage of the last segment, from registers
  const outs = df.outputs.map((o) => {
    const p = placed.get(o);
    if (!p) throw new CompileError('FF020', `output '${o}' does not exist`, { field: 'outputs' });
    return p;
  });
  const lastSeg = seg;
  const T = Math.max(...outs.map((p) => p.stage + (p.depth > 0 ? 1 : 0)));
  segDepth[lastSeg] = T;
  const outputs: PortField[] = [];
  const outBuses: string[] = [];
  const delayRegs: string[] = [];
  let outOffset = 0;
  outs.forEach((p, k) => {
    const bits = shapeSize(p.node.shape) * p.node.type.width;
    let bus = p.bus;
    if (p.stage < T) usedCe.add(lastSeg);
    for (let s = p.stage; s < T; s++) {
      const r = `out${k}_d${s + 1}`;
      wires.push(`  reg [${bits - 1}:0] ${r};`);
      delayRegs.push(`      ${r} <= ${bus};`);
      bus = r;
    }
    outBuses.push(bus);
    outputs.push({ node: p.node.name, offset: outOffset, count: shapeSize(p.node.shape), width: p.node.type.width, signed: p.node.type.signed });
    outOffset += bits;
  });

  const inBits = bytes(inOffset);
  const outBits = bytes(outOffset);
  const ctrl: string[] = [];
  for (let k = 0; k <= lastSeg; k++) {
    const inV = k === 0 ? 's_axis_tvalid' : `seg${k}_in_valid`;
    const inL = k === 0 ? 's_axis_tlast' : `seg${k}_in_last`;
    const inR = k === 0 ? 's_axis_tready' : `seg${k}_in_ready`;
    const outV = k === lastSeg ? 'm_axis_tvalid' : `seg${k}_out_valid`;
    const outL = k === lastSeg ? 'm_axis_tlast' : `seg${k}_out_last`;
    const outR = k === lastSeg ? 'm_axis_tready' : `seg${k}_out_ready`;
    if (k > 0) wires.push(`  wire seg${k}_in_valid, seg${k}_in_ready, seg${k}_in_last;`);
    if (k < lastSeg) wires.push(`  wire seg${k}_out_valid, seg${k}_out_ready, seg${k}_out_last;`);
    if (usedCe.has(k)) wires.push(`  wire ce_${k};`);
    else wires.push('  // this segment has no registers: its clock enable drives nothing', '  /* verilator lint_off UNUSEDSIGNAL */', `  wire ce_${k};`, '  /* verilator lint_on UNUSEDSIGNAL */');
    ctrl.push(
      `  fx_pipe_ctrl #(.DEPTH(${segDepth[k] ?? 0})) u_ctrl_${k} (.clk(aclk), .rst(rst), .in_valid(${inV}), .in_last(${inL}), .in_ready(${inR}), .ce(ce_${k}), .out_valid(${outV}), .out_last(${outL}), .out_ready(${outR}));`,
    );
  }

  const pad = outBits - outOffset;
  const outConcat = [...(pad > 0 ? [`${pad}'d0`] : []), ...[...outBuses].reverse()].join(', ');
  const body = [
    '  wire rst = ~aresetn;',
    ...wires,
    '',
    ...ctrl,
    '',
    ...inst,
    ...(delayRegs.length > 0 ? ['', `  always @(posedge aclk) begin`, `    if (ce_${lastSeg}) begin`, ...delayRegs, '    end', '  end'] : []),
    '',
    `  assign m_axis_tdata = {${outConcat}};`,
  ];
  const latency = segDepth.reduce((a, d) => a + d, 0) + streams.reduce((a, s) => a + s.layer.latency, 0);
  const ii = Math.max(1, ...layers.map((l) => l.ii));
  const fieldDoc = (f: PortField): string => `//   bits [${f.offset + f.count * f.width - 1}:${f.offset}]: ${f.node}, ${f.count} x ${f.width}-bit ${f.signed ? 'signed' : 'unsigned'} raw codes, element i at [${f.offset} + i*${f.width} +: ${f.width}]`;
  const header = [
    `// ${topName}: top of the fixflow design '${escapeComment(df.name)}'`,
    '// AXI-Stream in (s_axis_*) and out (m_axis_*); one transfer = one sample.',
    '// s_axis_tdata packs the raw fixed-point codes of every input node in node order:',
    ...inputs.map(fieldDoc),
    '// m_axis_tdata packs the raw codes of every output in order:',
    ...outputs.map(fieldDoc),
    '// Unused high bits of tdata are ignored (in) or zero (out). tlast travels with its sample.',
    `// Latency ${latency} cycles from an accepted input to its output valid; a new input every ${ii} cycle(s).`,
    '// Generated by fixflow; do not edit.',
  ].join('\n');
  const inPad = inBits - inOffset;
  const ports = [
    '  input wire aclk,',
    '  input wire aresetn,',
    ...(inPad > 0
      ? ['  // padding to whole bytes: the top bits of s_axis_tdata are not read', '  /* verilator lint_off UNUSEDSIGNAL */', `  input wire [${inBits - 1}:0] s_axis_tdata,`, '  /* verilator lint_on UNUSEDSIGNAL */']
      : [`  input wire [${inBits - 1}:0] s_axis_tdata,`]),
    '  input wire s_axis_tvalid,',
    '  output wire s_axis_tready,',
    '  input wire s_axis_tlast,',
    `  output wire [${outBits - 1}:0] m_axis_tdata,`,
    '  output wire m_axis_tvalid,',
    '  input wire m_axis_tready,',
    '  output wire m_axis_tlast',
  ].join('\n');
  const topText = fill(template('module.v'), { header, module: topName, ports, body: body.join('\n') }, 'templates/verilog/module.v');
  return { top: topName, topText, layers, inBits, outBits, inputs, outputs, latency, ii };
}
