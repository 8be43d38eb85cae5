/**
 * Cycles of a streaming design, from the handshake model (handshake-model.ts)
 * driven the way sim/rtl's harnesses drive the RTL: `traceStream` replays a
 * run beat by beat (optionally with gaps in s_axis_tvalid and drops of
 * m_axis_tready, as the harness draws them), and `streamTiming` gives the
 * figures of a full-speed run: the latency of an image entering an empty
 * design (its first pixel accepted to its last pixel out: the line-buffer
 * fills, pipeline registers, folded layers and FIFOs included) and the
 * cycles per image once images follow back to back.
 */
import { HandshakeModel, type HandshakeFifo } from './handshake-model.js';
import type { StreamUnit } from './units.js';

export interface StreamModelInput {
  readonly units: readonly StreamUnit[];
  readonly fifos: readonly HandshakeFifo[];
  /** the output layer's name */
  readonly output: string;
  readonly inPixels: number;
  readonly outPixels: number;
}

export interface TraceOptions {
  readonly images: number;
  /** per cycle, in the harness's order: drop tvalid (an input gap), drop tready (back-pressure) */
  readonly draw?: () => { dropValid: boolean; dropReady: boolean };
  /** stop after this many cycles without a transfer (default 500 + 4 × the beats of an image) */
  readonly idle?: number;
  readonly maxCycles?: number;
}

export interface StreamTrace {
  /** cycle of each accepted input beat */
  readonly accepted: readonly number[];
  /** cycle of each output beat */
  readonly outputs: readonly number[];
  readonly cycles: number;
  /** no transfer for `idle` cycles before every output left */
  readonly stalled: boolean;
  /** after a stall: the FIFOs that were full, by index */
  readonly fullFifos: readonly number[];
}

export function traceStream(d: StreamModelInput, opts: TraceOptions): StreamTrace {
  const model = new HandshakeModel(d.units, d.fifos, d.output);
  const inBeats = opts.images * d.inPixels;
  const outBeats = opts.images * d.outPixels;
  const idle = opts.idle ?? 500 + 4 * (d.inPixels + d.outPixels);
  const maxCycles = opts.maxCycles ?? Number.MAX_SAFE_INTEGER;
  const accepted: number[] = [];
  const outputs: number[] = [];
  let holding = false;
  let cycle = 0;
  let lastEvent = 0;
  while (outputs.length < outBeats && cycle < maxCycles) {
    const loaded = accepted.length < inBeats;
    const draw = opts.draw ? opts.draw() : { dropValid: false, dropReady: false };
    const valid: boolean = loaded && (holding || !draw.dropValid);
    const r = model.cycle(valid, !draw.dropReady);
    if (r.inFire) accepted.push(cycle);
    if (r.outFire) outputs.push(cycle);
    if (r.inFire || r.outFire) lastEvent = cycle;
    holding = valid && !r.inFire;
    cycle++;
    if (cycle - lastEvent > idle) break;
  }
  const stalled = outputs.length < outBeats;
  const fill = model.fifoFill();
  const fullFifos = stalled ? d.fifos.flatMap((f, i) => ((fill[i] ?? 0) >= f.depth ? [i] : [])) : [];
  return { accepted, outputs, cycles: cycle, stalled, fullFifos };
}

export interface StreamTiming {
  /** first pixel accepted to last pixel out, for an image entering an empty design at full speed */
  readonly latency: number;
  /** the largest latency of the images that follow it back to back */
  readonly latencyMax: number;
  /** cycles between the first pixels of consecutive images at full speed (the largest interval) */
  readonly ii: number;
  readonly stalled: boolean;
  readonly fullFifos: readonly number[];
}

/** Images run back to back: enough for the interval between images to settle in every design we build. */
export const TIMING_IMAGES = 5;

export function streamTiming(d: StreamModelInput, images = TIMING_IMAGES): StreamTiming {
  const t = traceStream(d, { images });
  if (t.stalled) return { latency: 0, latencyMax: 0, ii: 0, stalled: true, fullFifos: t.fullFifos };
  const starts = Array.from({ length: images }, (_v, k) => t.accepted[k * d.inPixels] ?? 0);
  const lats = starts.map((s, k) => (t.outputs[(k + 1) * d.outPixels - 1] ?? s) - s);
  const gaps = starts.slice(1).map((s, k) => s - (starts[k] ?? s));
  return { latency: lats[0] ?? 0, latencyMax: Math.max(...lats), ii: Math.max(1, ...gaps), stalled: false, fullFifos: [] };
}
