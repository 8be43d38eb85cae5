/**
 * emitVerilog: dataflow IR → Verilog files. One module per layer, named
 * after the layer, a top with AXI-Stream ports, the hw/rtl library modules
 * it uses, a file list and a manifest (fixflow-rtl.json) that the simulation
 * runners read. Same IR and options give byte-identical files.
 */
import { CompileError } from '../../core/diagnostics.js';
import { sanitizeIdentifier } from '../../core/naming.js';
import type { Dataflow } from '../../ir/dataflow/types.js';
import { verifyDataflow } from '../../ir/dataflow/verify.js';
import { resolveOptions, type VerilogOptions } from './options.js';
import { LIBRARY_MODULES, STREAM_LIBRARY_MODULES, libraryFile } from './library-files.js';
import { isStreamingDesign, streamDesign, type StreamInfo } from './stream/stream-design.js';
import { buildDesign, type DesignLayout } from './top.js';

export const MANIFEST_FILE = 'fixflow-rtl.json';
export const MANIFEST_FORMAT = 'fixflow-rtl/1';

export interface VerilogDesign {
  readonly files: Map<string, string>;
  readonly layout: DesignLayout;
  /** streaming (convolutional) designs: pixels per image and FIFOs; null for vector designs */
  readonly stream: StreamInfo | null;
}

function topNameFor(df: Dataflow, requested: string | undefined): string {
  if (requested !== undefined) return requested;
  const taken = new Set(df.nodes.map((n) => n.name.toLowerCase()));
  const base = sanitizeIdentifier(`${df.name}_top`);
  let name = base;
  for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base}_${k}`;
  return name;
}

export function emitVerilogDesign(df: Dataflow, options: VerilogOptions = {}): VerilogDesign {
  verifyDataflow(df);
  const opts = resolveOptions(df, options);
  const top = topNameFor(df, opts.topName);
  const streaming = isStreamingDesign(df);
  const unused = Object.keys(opts.fifoDepths)[0];
  if (!streaming && unused !== undefined) {
    throw new CompileError('FF008', `fifoDepths names FIFO '${unused}', but only streaming (convolutional) designs have FIFOs`, { field: `fifoDepths.${unused}` });
  }
  const built = streaming ? streamDesign(df, opts, top) : { layout: buildDesign(df, opts, top), stream: null, modules: null };
  const layout = built.layout;
  const rtl = new Map<string, string>();
  for (const m of LIBRARY_MODULES) rtl.set(`rtl/${m}.v`, libraryFile(m));
  if (streaming) for (const m of STREAM_LIBRARY_MODULES) rtl.set(`rtl/${m}.v`, libraryFile(m));
  if (built.modules) for (const [name, text] of built.modules) rtl.set(`rtl/${name}.v`, text);
  else for (const l of layout.layers) rtl.set(`rtl/${l.module}.v`, l.text);
  rtl.set(`rtl/${top}.v`, layout.topText);
  const order = [...rtl.keys()];
  const manifest = {
    format: MANIFEST_FORMAT,
    design: df.name,
    top,
    files: order,
    inBits: layout.inBits,
    outBits: layout.outBits,
    inputs: layout.inputs,
    outputs: layout.outputs,
    latency: layout.latency,
    ii: layout.ii,
    layers: layout.layers.map((l) => ({
      name: l.node.name,
      source: l.node.source,
      op: l.node.op,
      module: l.module,
      kind: l.kind,
      latency: l.latency,
      ii: l.ii,
      multipliers: l.multipliers,
    })),
    ...(built.stream ? { stream: built.stream } : {}),
  };
  const files = new Map<string, string>();
  files.set(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  files.set('filelist.f', `${order.join('\n')}\n`);
  for (const [k, v] of rtl) files.set(k, v);
  return { files, layout, stream: built.stream };
}

/** Relative path → file content, deterministic. */
export function emitVerilog(df: Dataflow, options: VerilogOptions = {}): Map<string, string> {
  return emitVerilogDesign(df, options).files;
}
