/**
 * FIFO depths of the io_stream top, computed from the schedule.
 *
 * The schedule is the data-driven one: a step is one element of the design's
 * input (every input port delivers element i at step i); every process runs
 * its program in order (fx_window.h, fx_movement.h, ...: the read and write
 * sequence of the C++), reads an element as soon as it has been written, and
 * writes without delay. Then, for every stream,
 *
 *   depth = max over steps t of (elements written at or before t) − (elements read before t)
 *
 * i.e. an element written and read in the same step still holds a slot for
 * that step. With these depths this schedule runs to the end without any
 * write waiting; the top is a determinate process network (blocking reads
 * and writes in a fixed order), so no other schedule deadlocks either
 * (fifo-check.ts runs it under random backpressure).
 *
 * What it gives, e.g. for a residual: the add reads skip element j together
 * with long-branch element j, which exists only once the fork has delivered
 * everything the long branch needs for it; for one 3×3 'same' conv on a
 * [H, W, C] input that is input pixel p + W + 1 of output pixel p, so the
 * skip stream holds (W + 2)·C elements, and k such convs in a row need
 * k·(W + 1)·C + C. A writer that writes a burst in one step (a conv writing
 * an output pixel's channels, the window ops writing the bottom row's
 * windows after the last input pixel) gets the burst; a chain of layers that
 * read a whole vector before writing (dense, softmax) gets the whole tensor.
 */
import { assertNever } from '../../core/assert-never.js';
import type { DfNode } from '../../ir/dataflow/types.js';
import { shapeSize } from '../../ir/graph/types.js';
import type { Process, StreamNetwork } from './stream-network.js';
import { hwc, rowsCols } from '../../ir/graph/conv-geometry.js';
import { windowPlane, type WindowPlane } from './window-geometry.js';

/** One step of a program: read or write n elements of a stream, or read one element of each of several streams together. */
export type Seg =
  | { readonly kind: 'read' | 'write'; readonly stream: string; readonly n: number }
  | { readonly kind: 'together'; readonly streams: readonly string[] };

const rd = (stream: string, n: number): Seg => ({ kind: 'read', stream, n });
const wr = (stream: string, n: number): Seg => ({ kind: 'write', stream, n });

function clamp(v: number, hi: number): number {
  return v < 0 ? 0 : v > hi ? hi : v;
}

/** window_stream: per input pixel, read its channels, then write every output pixel whose window it completes. */
function* windowProgram(p: WindowPlane, nOut: number, xs: string, ys: string): Generator<Seg> {
  let oy = 0;
  let ox = 0;
  const trigger = (): number => clamp(oy * p.sH + p.kH - 1 - p.padT, p.inH - 1) * p.inW + clamp(ox * p.sW + p.kW - 1 - p.padL, p.inW - 1);
  for (let here = 0; here < p.inH * p.inW; here++) {
    yield rd(xs, p.chan);
    while (oy < p.outH && trigger() <= here) {
      yield wr(ys, nOut);
      if (++ox === p.outW) {
        ox = 0;
        oy++;
      }
    }
  }
}

function* perElement(n: number, reads: readonly string[], writes: readonly string[]): Generator<Seg> {
  for (let i = 0; i < n; i++) {
    for (const r of reads) yield rd(r, 1);
    for (const w of writes) yield wr(w, 1);
  }
}

function* layerProgram(node: DfNode, ins: readonly string[], out: string, inShapes: readonly (readonly number[])[]): Generator<Seg> {
  const x = ins[0] ?? '';
  const n = shapeSize(node.shape);
  switch (node.op) {
    case 'input':
      return;
    case 'relu':
    case 'clip':
    case 'leaky_relu':
    case 'cast':
    case 'table':
    case 'scale_shift':
    case 'reshape':
      yield* perElement(n, ins, [out]);
      return;
    case 'add':
      // one pipelined iteration reads an element of every input: it waits for all of them
      for (let i = 0; i < n; i++) {
        yield { kind: 'together', streams: ins };
        yield wr(out, 1);
      }
      return;
    case 'dense':
    case 'softmax':
      yield rd(x, shapeSize(inShapes[0] ?? []));
      yield wr(out, n);
      return;
    case 'conv':
      yield* windowProgram(windowPlane(node), node.outChannels, x, out);
      return;
    case 'pool': {
      const p = windowPlane(node);
      yield* windowProgram(p, p.chan, x, out);
      return;
    }
    case 'concat': {
      const chans = inShapes.map((s) => s[s.length - 1] ?? 0);
      const pix = n / Math.max(1, chans.reduce((a, c) => a + c, 0));
      for (let p = 0; p < pix; p++) {
        for (let k = 0; k < ins.length; k++) yield* perElement(chans[k] ?? 0, [ins[k] ?? ''], [out]);
      }
      return;
    }
    case 'zero_pad': {
      const [h, w, c] = hwc(inShapes[0] ?? []);
      const [pt, pl] = rowsCols(node.padBefore, 0);
      const [oh, ow] = hwc(node.shape);
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const inside = oy >= pt && oy < pt + h && ox >= pl && ox < pl + w;
          if (inside) yield* perElement(c, [x], [out]);
          else yield wr(out, c);
        }
      }
      return;
    }
    case 'upsample': {
      const [h, w, c] = hwc(inShapes[0] ?? []);
      for (let r = 0; r < h; r++) {
        yield rd(x, w * c);
        yield wr(out, n / h);
      }
      return;
    }
    case 'channel_shuffle': {
      const c = node.perm.length;
      for (let p = 0; p < n / c; p++) {
        yield rd(x, c);
        yield wr(out, c);
      }
      return;
    }
    default:
      return assertNever(node, 'dataflow op');
  }
}

export function program(proc: Process, shapeOf: (name: string) => readonly number[]): Generator<Seg> {
  const n = shapeSize(proc.node.shape);
  switch (proc.kind) {
    case 'layer':
      return layerProgram(
        proc.node,
        proc.ins,
        proc.out,
        proc.node.inputs.map((i) => shapeOf(i)),
      );
    case 'copy':
      return perElement(n, [proc.in], [proc.out]);
    case 'split':
      return perElement(n, [proc.in], [proc.a, proc.b]);
    default:
      return assertNever(proc, 'stream process');
  }
}

/** The depth of every stream declared in the top, by name. */
export function fifoDepths(net: StreamNetwork, shapeOf: (name: string) => readonly number[]): Map<string, number> {
  const written = new Map<string, number[]>();
  const read = new Map<string, number[]>();
  const list = (m: Map<string, number[]>, s: string): number[] => {
    let a = m.get(s);
    if (!a) m.set(s, (a = []));
    return a;
  };
  for (const [port, node] of net.inPorts) {
    const w = list(written, port);
    for (let i = 0; i < shapeSize(node.shape); i++) w.push(i);
  }
  for (const proc of net.processes) {
    let t = 0;
    const next = (stream: string): number => {
      const at = list(written, stream)[list(read, stream).length];
      if (at === undefined) throw new Error(`schedule: ${stream} is read before it is written (process ${proc.node.name})`);
      return at;
    };
    for (const seg of program(proc, shapeOf)) {
      if (seg.kind === 'together') {
        t = Math.max(t, ...seg.streams.map(next));
        for (const s of seg.streams) list(read, s).push(t);
      } else if (seg.kind === 'write') {
        const w = list(written, seg.stream);
        for (let i = 0; i < seg.n; i++) w.push(t);
      } else {
        for (let i = 0; i < seg.n; i++) {
          t = Math.max(t, next(seg.stream));
          list(read, seg.stream).push(t);
        }
      }
    }
  }
  const depths = new Map<string, number>();
  for (const s of net.streams) {
    const w = written.get(s.name) ?? [];
    const r = read.get(s.name) ?? [];
    let depth = 1;
    let readBefore = 0;
    for (let i = 0; i < w.length; i++) {
      const t = w[i] ?? 0;
      if (i + 1 < w.length && w[i + 1] === t) continue; // count every element written at step t
      while (readBefore < r.length && (r[readBefore] ?? 0) < t) readBefore++;
      depth = Math.max(depth, i + 1 - readBefore);
    }
    depths.set(s.name, depth);
  }
  return depths;
}
