/**
 * Checks FIFO depths of the io_stream top by running its process network
 * (the programs of fifo-depth.ts, element by element) with bounded streams
 * under a random schedule: each step one process that can move (its next
 * read has data, its next write has room) does so; input ports are fed and
 * output ports drained at random moments too (ports hold one element).
 * Reports a deadlock, a state where no process can move before all are
 * done, with the blocked processes and the full or empty streams, instead of
 * hanging.
 */
import { shapeSize } from '../../ir/graph/types.js';
import { program, type Seg } from './fifo-depth.js';
import type { StreamNetwork } from './stream-network.js';

export interface FifoRun {
  readonly deadlock: boolean;
  /** one line per blocked process: what it waits for */
  readonly blocked: readonly string[];
  /** processes moved, element by element */
  readonly steps: number;
}

interface Actor {
  readonly name: string;
  readonly segs: Iterator<Seg>;
  seg: Seg | null;
  done: number;
  finished: boolean;
}

/** random: a uniform number in [0, 1) (a seeded generator in tests) */
export function runFifoNetwork(net: StreamNetwork, shapeOf: (name: string) => readonly number[], depths: ReadonlyMap<string, number>, random: () => number): FifoRun {
  const fill = new Map<string, number>();
  const cap = (s: string): number => depths.get(s) ?? 1;
  const level = (s: string): number => fill.get(s) ?? 0;
  const actors: Actor[] = [];
  const gen = function* (segs: Seg[]): Generator<Seg> {
    yield* segs;
  };
  for (const [port, node] of net.inPorts) actors.push({ name: `source ${port}`, segs: gen([{ kind: 'write', stream: port, n: shapeSize(node.shape) }]), seg: null, done: 0, finished: false });
  for (const p of net.processes) actors.push({ name: `${p.kind} ${p.node.name}`, segs: program(p, shapeOf), seg: null, done: 0, finished: false });
  for (const port of net.outPorts) {
    const producer = net.processes.find((p) => (p.kind === 'layer' || p.kind === 'copy' ? p.out === port : p.a === port || p.b === port));
    if (producer) actors.push({ name: `sink ${port}`, segs: gen([{ kind: 'read', stream: port, n: shapeSize(producer.node.shape) }]), seg: null, done: 0, finished: false });
  }
  const current = (a: Actor): Seg | null => {
    while (!a.finished && (a.seg === null || (a.seg.kind !== 'together' && a.done >= a.seg.n) || (a.seg.kind === 'together' && a.done >= 1))) {
      const next = a.segs.next();
      if (next.done) {
        a.finished = true;
        a.seg = null;
      } else {
        a.seg = next.value;
        a.done = 0;
      }
    }
    return a.seg;
  };
  const canMove = (seg: Seg): boolean => {
    if (seg.kind === 'together') return seg.streams.every((s) => level(s) > 0);
    if (seg.kind === 'read') return level(seg.stream) > 0;
    return level(seg.stream) < cap(seg.stream);
  };
  let steps = 0;
  for (;;) {
    const ready = actors.filter((a) => {
      const seg = current(a);
      return seg !== null && canMove(seg);
    });
    if (ready.length === 0) break;
    const a = ready[Math.floor(random() * ready.length)] ?? ready[0];
    const seg = a ? current(a) : null;
    if (!a || !seg) break;
    if (seg.kind === 'together') for (const s of seg.streams) fill.set(s, level(s) - 1);
    else fill.set(seg.stream, level(seg.stream) + (seg.kind === 'write' ? 1 : -1));
    a.done++;
    steps++;
  }
  const blocked = actors.flatMap((a) => {
    const seg = current(a);
    if (!seg) return [];
    const what =
      seg.kind === 'write'
        ? `writes ${seg.stream} (full: ${level(seg.stream)} of ${cap(seg.stream)})`
        : `reads ${(seg.kind === 'together' ? seg.streams : [seg.stream]).filter((s) => level(s) === 0).join(', ')} (empty)`;
    return [`${a.name} ${what}`];
  });
  return { deadlock: blocked.length > 0, blocked, steps };
}
