/**
 * Streaming designs in the shape the rest of the backend uses: a
 * DesignLayout (layers, ports, latency, II) plus what the runners need to
 * frame images (pixels per image, FIFOs), and the module texts.
 */
import type { Dataflow } from '../../../ir/dataflow/types.js';
import { isConvDfNode } from '../../../ir/dataflow/conv-types.js';
import type { EmittedLayer } from '../layers/layer-types.js';
import type { ResolvedOptions } from '../options.js';
import type { DesignLayout } from '../top.js';
import { buildStreamDesign } from './stream-top.js';

export interface StreamInfo {
  /** input beats (pixels) per image, and output beats */
  readonly inPixels: number;
  readonly outPixels: number;
  /** FIFOs, in the bit order of the top's fx_fifo_full port */
  readonly fifos: readonly { name: string; from: string; to: string; depth: number; minDepth: number }[];
  /** datapath modules inside each layer module: layer module → its parts */
  readonly parts: Readonly<Record<string, readonly string[]>>;
  /** the largest latency of images that follow each other back to back at full speed (the layout's latency is the first image's) */
  readonly latencyMax: number;
  /** FIFOs that are full when the design deadlocks at full speed (a depth overridden below its minimum); empty when it runs */
  readonly deadlock: readonly string[];
}

/** A design streams pixels when any layer is of the convolution family. */
export function isStreamingDesign(df: Dataflow): boolean {
  return df.nodes.some((n) => isConvDfNode(n));
}

export function streamDesign(df: Dataflow, opts: ResolvedOptions, top: string): { layout: DesignLayout; stream: StreamInfo; modules: Map<string, string> } {
  const s = buildStreamDesign(df, opts, top);
  const modules = new Map<string, string>();
  const parts: Record<string, string[]> = {};
  const layers: EmittedLayer[] = s.units.map((u) => {
    for (const [name, text] of u.texts) modules.set(name, text);
    parts[u.module] = [...u.texts.keys()].filter((k) => k !== u.module);
    return { node: u.node, module: u.module, text: u.texts.get(u.module) ?? '', kind: 'stream', clocked: true, latency: u.latency, ii: u.steps, outDepth: u.outDepth, multipliers: u.multipliers };
  });
  modules.set(top, s.topText);
  const field = (f: typeof s.input): DesignLayout['inputs'][number] => ({ node: f.node, offset: 0, count: f.channels, width: f.width, signed: f.signed });
  const layout: DesignLayout = {
    top,
    topText: s.topText,
    layers,
    inBits: s.inBits,
    outBits: s.outBits,
    inputs: [field(s.input)],
    outputs: [field(s.output)],
    latency: s.latency,
    ii: s.ii,
  };
  return {
    layout,
    stream: { inPixels: s.input.pixels, outPixels: s.output.pixels, fifos: s.fifos.map((f) => ({ name: f.name, from: f.from, to: f.to, depth: f.depth, minDepth: f.minDepth })), parts, latencyMax: s.latencyMax, deadlock: s.deadlock },
    modules,
  };
}
