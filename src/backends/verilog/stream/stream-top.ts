/**
 * The top of a streaming design (any design with a convolution-family op).
 *
 * Images enter one pixel per beat, in raster order (row by row, left to
 * right): s_axis_tdata holds the C channels of one position, channel c at
 * bits [c·W +: W]; tlast may mark an image's last pixel but is not needed
 * (every layer counts positions). Outputs leave the same way, one pixel per
 * beat, with m_axis_tlast on the last pixel of each image.
 *
 * Each layer is one unit with valid/ready handshakes (units.ts). A layer
 * whose output feeds several layers broadcasts it: the beat leaves when every
 * consumer takes it. Each input of a multi-input layer has a FIFO whose depth
 * comes from the schedule (fifo-depth.ts), unless the `fifoDepths` option
 * overrides it. The `fx_fifo_full` port (bit i = FIFO i is full, in manifest
 * order) lets a harness report which FIFO blocked a stalled design.
 */
import { CompileError } from '../../../core/diagnostics.js';
import type { Dataflow, DfNode } from '../../../ir/dataflow/types.js';
import { fill } from '../../template-fill.js';
import { escapeComment } from '../comment.js';
import { template } from '../library-files.js';
import type { ResolvedOptions } from '../options.js';
import { planFifos, type FifoPlan } from './fifo-depth.js';
import { streamTiming } from './stream-timing.js';
import { buildUnit, type StreamInput, type StreamUnit } from './units.js';
import { bitsFor } from './window-walk.js';

export interface StreamFifo extends FifoPlan {
  readonly width: number;
}

export interface StreamLayout {
  readonly topText: string;
  readonly units: readonly StreamUnit[];
  readonly fifos: readonly StreamFifo[];
  readonly inBits: number;
  readonly outBits: number;
  readonly input: { node: string; channels: number; width: number; signed: boolean; pixels: number };
  readonly output: { node: string; channels: number; width: number; signed: boolean; pixels: number };
  /**
   * cycles from the first pixel of an image accepted to its last pixel out, the image entering an empty design at
   * full speed (line-buffer fills, pipeline registers, folded layers and FIFOs: the handshake model's count)
   */
  readonly latency: number;
  /** the largest latency of images that follow each other back to back at full speed */
  readonly latencyMax: number;
  /** cycles per image at full speed (the interval between first pixels of consecutive images) */
  readonly ii: number;
  /** pipeline and window registers along the longest path */
  readonly registers: number;
  /** FIFOs (by name) on which the handshake model deadlocks at full speed (depths overridden below their minimum); empty otherwise */
  readonly deadlock: readonly string[];
}

const bytes = (bits: number): number => Math.max(8, Math.ceil(bits / 8) * 8);

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base}_${k}`;
  taken.add(name.toLowerCase());
  return name;
}

export function buildStreamDesign(df: Dataflow, opts: ResolvedOptions, topName: string): StreamLayout {
  const inputs = df.nodes.filter((n) => n.op === 'input');
  if (inputs.length !== 1 || df.outputs.length !== 1) {
    throw new CompileError('FF006', `the streaming Verilog backend needs one input and one output (the design has ${inputs.length} and ${df.outputs.length})`, { field: 'outputs' });
  }
  const consumers = new Map<string, { node: DfNode; k: number }[]>();
  for (const n of df.nodes) n.inputs.forEach((i, k) => consumers.set(i, [...(consumers.get(i) ?? []), { node: n, k }]));
  const outName = df.outputs[0] as string;
  if ((consumers.get(outName) ?? []).length > 0) throw new CompileError('FF006', 'the streaming Verilog backend needs the output layer to feed no other layer', { field: 'outputs' });

  const taken = new Set([topName.toLowerCase(), ...df.nodes.map((n) => n.name.toLowerCase())]);
  const units = new Map<string, StreamUnit>();
  const list: StreamUnit[] = [];
  for (const n of df.nodes) {
    const ins: StreamInput[] = n.inputs.map((i) => {
      const u = units.get(i);
      if (!u) throw new CompileError('FF020', `input '${i}' does not exist or comes later`, { layer: n.source, field: 'inputs' });
      return { name: i, type: u.node.type, geometry: u.geometry, depth: u.outDepth };
    });
    const unit = buildUnit(n, ins, opts, uniqueName(`${n.name}_dp`, taken));
    units.set(n.name, unit);
    list.push(unit);
  }
  const fifos: StreamFifo[] = planFifos(list).map((f) => {
    const o = opts.fifoDepths[f.name];
    return { ...f, depth: o ?? f.depth, width: units.get(f.from)?.pixelBits ?? 1 };
  });
  for (const name of Object.keys(opts.fifoDepths)) {
    if (!fifos.some((f) => f.name === name)) throw new CompileError('FF008', `fifoDepths names FIFO '${name}', which the design does not have (it has: ${fifos.map((f) => f.name).join(', ') || 'none'})`, { field: `fifoDepths.${name}` });
  }

  const inNode = inputs[0] as DfNode;
  const inUnit = units.get(inNode.name) as StreamUnit;
  const outUnit = units.get(outName);
  if (!outUnit) throw new CompileError('FF020', `output '${outName}' does not exist`, { field: 'outputs' });
  const inBits = bytes(inUnit.pixelBits);
  const outBits = bytes(outUnit.pixelBits);

  const wires: string[] = [];
  const inst: string[] = [];
  const assigns: string[] = [];
  for (const u of list) wires.push(`  wire ${u.module}_valid, ${u.module}_ready;`, `  wire [${u.pixelBits - 1}:0] ${u.module}_y;`);
  // fan-out: a beat leaves its producer when every consumer edge takes it
  const edgeOf = new Map<string, { valid: string; ready: string }>();
  let e = 0;
  for (const u of list) {
    const cs = consumers.get(u.node.name) ?? [];
    if (u.node.name === outName) continue;
    if (cs.length === 0) {
      assigns.push(`  assign ${u.module}_ready = 1'b1; // read by no layer`);
      continue;
    }
    const edges = cs.map((c) => ({ key: `${c.node.name}/${c.k}`, valid: `e${e}_valid`, ready: `e${e++}_ready` }));
    for (const ed of edges) {
      wires.push(`  wire ${ed.valid}, ${ed.ready};`);
      edgeOf.set(ed.key, ed);
    }
    assigns.push(`  assign ${u.module}_ready = ${edges.map((x) => x.ready).join(' & ')};`);
    for (const ed of edges) {
      const others = edges.filter((x) => x !== ed).map((x) => x.ready);
      assigns.push(`  assign ${ed.valid} = ${[`${u.module}_valid`, ...others].join(' & ')};`);
    }
  }
  const fifoAt = new Map(fifos.map((f, i) => [`${f.to}/${f.input}`, { f, i }]));
  if (fifos.length > 0) wires.push(`  wire [${fifos.length - 1}:0] fifo_full;`);
  for (const u of list) {
    const ports: string[] = ['.clk(aclk)', '.rst(rst)'];
    if (u.node.op === 'input') {
      ports.push('.in0_valid(s_axis_tvalid)', '.in0_ready(s_axis_tready)', `.x0(s_axis_tdata[${u.pixelBits - 1}:0])`);
    }
    u.node.inputs.forEach((src, k) => {
      const ed = edgeOf.get(`${u.node.name}/${k}`);
      if (!ed) throw new Error(`internal: no edge into ${u.node.name}/${k}`);
      const fifo = fifoAt.get(`${u.node.name}/${k}`);
      if (fifo) {
        const { f, i } = fifo;
        const fn = `f${i}`;
        wires.push(`  wire ${fn}_valid, ${fn}_ready;`, `  wire [${f.width - 1}:0] ${fn}_y;`);
        inst.push(
          `  // FIFO ${f.name}: ${f.from} -> ${f.to}; schedule minimum ${f.minDepth}, depth ${f.depth}`,
          `  fx_fifo #(.WIDTH(${f.width}), .DEPTH(${f.depth}), .AW(${bitsFor(f.depth)})) u_fifo_${f.name} (.clk(aclk), .rst(rst), .in_valid(${ed.valid}), .in_ready(${ed.ready}), .x(${src}_y), .out_valid(${fn}_valid), .out_ready(${fn}_ready), .y(${fn}_y), .full(fifo_full[${i}]));`,
        );
        ports.push(`.in${k}_valid(${fn}_valid)`, `.in${k}_ready(${fn}_ready)`, `.x${k}(${fn}_y)`);
      } else {
        ports.push(`.in${k}_valid(${ed.valid})`, `.in${k}_ready(${ed.ready})`, `.x${k}(${src}_y)`);
      }
    });
    ports.push(`.out_valid(${u.module}_valid)`, `.out_ready(${u.module}_ready)`, `.y(${u.module}_y)`);
    inst.push(`  ${u.module} u_${u.module} (${ports.join(', ')});`);
  }
  const po = outUnit.geometry.pixels;
  const cw = bitsFor(po);
  const pad = outBits - outUnit.pixelBits;
  const body = [
    '  wire rst = ~aresetn;',
    ...wires,
    '',
    ...assigns,
    '',
    ...inst,
    '',
    `  assign m_axis_tvalid = ${outName}_valid;`,
    `  assign ${outName}_ready = m_axis_tready;`,
    `  assign m_axis_tdata = ${pad > 0 ? `{${pad}'d0, ${outName}_y}` : `${outName}_y`};`,
    ...(fifos.length > 0 ? ['  assign fx_fifo_full = fifo_full;'] : []),
    '',
    `  // m_axis_tlast: the last of the ${po} output pixels of an image`,
    ...(po === 1
      ? ["  assign m_axis_tlast = 1'b1;"]
      : [
          `  reg [${cw - 1}:0] out_pix;`,
          `  assign m_axis_tlast = out_pix == ${cw}'d${po - 1};`,
          '  always @(posedge aclk) begin',
          `    if (rst) out_pix <= ${cw}'d0;`,
          `    else if (m_axis_tvalid & m_axis_tready) out_pix <= m_axis_tlast ? ${cw}'d0 : out_pix + ${cw}'d1;`,
          '  end',
        ]),
  ];
  const lat = new Map<string, number>();
  for (const u of list) lat.set(u.node.name, Math.max(0, ...u.node.inputs.map((s) => lat.get(s) ?? 0)) + u.latency);
  const registers = lat.get(outName) ?? 0;
  const timing = streamTiming({ units: list, fifos, output: outName, inPixels: inUnit.geometry.pixels, outPixels: outUnit.geometry.pixels });
  // a deadlocked design (a FIFO depth overridden below its minimum) has no cycle count: keep the structural figures
  const latency = timing.stalled ? registers : timing.latency;
  const latencyMax = timing.stalled ? registers : timing.latencyMax;
  const ii = timing.stalled ? Math.max(...list.map((u) => u.steps)) : timing.ii;
  const deadlock = timing.fullFifos.map((i) => fifos[i]?.name ?? '');
  const inG = inUnit.geometry;
  const outG = outUnit.geometry;
  const header = [
    `// ${topName}: top of the fixflow design '${escapeComment(df.name)}' (streaming)`,
    `// AXI-Stream in (s_axis_*): one pixel per beat, ${inG.pixels} beats per image (${inG.rows}x${inG.cols}), raster order;`,
    `//   bits [${inUnit.pixelBits - 1}:0]: ${inG.channels} x ${inNode.type.width}-bit ${inNode.type.signed ? 'signed' : 'unsigned'} raw codes, channel c at [c*${inNode.type.width} +: ${inNode.type.width}];`,
    '//   s_axis_tlast is not needed: every layer counts positions.',
    `// AXI-Stream out (m_axis_*): ${outG.pixels} beats per image (${outG.rows}x${outG.cols}), channel c of ${outG.channels} at [c*${outUnit.node.type.width} +: ${outUnit.node.type.width}]; tlast on the last pixel of each image.`,
    timing.stalled
      ? `// DEADLOCK: with these FIFO depths the design stalls (full: ${deadlock.join(', ')}); ${registers} pipeline registers on the longest path.`
      : `// At full speed: a new image every ${ii} cycles; ${latency} cycles from an image's first pixel in to its last pixel out (empty design; up to ${latencyMax} back to back).`,
    ...fifos.map((f, i) => `// fx_fifo_full[${i}]: FIFO ${f.name} (${f.from} -> ${f.to}) is full`),
    '// Generated by fixflow; do not edit.',
  ].join('\n');
  const unusedIn = inBits > inUnit.pixelBits;
  const ports = [
    '  input wire aclk,',
    '  input wire aresetn,',
    ...(unusedIn ? ['  // padding to whole bytes: the top bits of s_axis_tdata are not read', '  /* verilator lint_off UNUSEDSIGNAL */', `  input wire [${inBits - 1}:0] s_axis_tdata,`, '  /* verilator lint_on UNUSEDSIGNAL */'] : [`  input wire [${inBits - 1}:0] s_axis_tdata,`]),
    '  input wire s_axis_tvalid,',
    '  output wire s_axis_tready,',
    '  // images are framed by counting pixels: tlast is accepted and not read',
    '  /* verilator lint_off UNUSEDSIGNAL */',
    '  input wire s_axis_tlast,',
    '  /* verilator lint_on UNUSEDSIGNAL */',
    `  output wire [${outBits - 1}:0] m_axis_tdata,`,
    '  output wire m_axis_tvalid,',
    '  input wire m_axis_tready,',
    `  output wire m_axis_tlast${fifos.length > 0 ? ',' : ''}`,
    ...(fifos.length > 0 ? [`  output wire [${fifos.length - 1}:0] fx_fifo_full`] : []),
  ].join('\n');
  const topText = fill(template('module.v'), { header, module: topName, ports, body: body.join('\n') }, 'templates/verilog/module.v');
  return {
    topText,
    units: list,
    fifos,
    inBits,
    outBits,
    input: { node: inNode.name, channels: inG.channels, width: inNode.type.width, signed: inNode.type.signed, pixels: inG.pixels },
    output: { node: outName, channels: outG.channels, width: outUnit.node.type.width, signed: outUnit.node.type.signed, pixels: outG.pixels },
    latency,
    latencyMax,
    ii,
    registers,
    deadlock,
  };
}
