/**
 * Sweep progress on stderr: a one-line bar redrawn in place on a terminal
 * (points done, ETA, best design so far), plain lines otherwise.
 */
export interface ProgressState {
  readonly done: number;
  readonly total: number;
  /** points found in the database at start */
  readonly reused: number;
  readonly elapsedMs: number;
  /** e.g. "acc 0.853, 4,120 LUT, 12 DSP" */
  readonly best?: string;
}

export interface ProgressSink {
  update(s: ProgressState): void;
  finish(s: ProgressState): void;
}

function eta(s: ProgressState): string {
  const computed = s.done - s.reused;
  const left = s.total - s.done;
  if (computed <= 0 || left <= 0) return left <= 0 ? '0s' : '?';
  const sec = Math.round(((s.elapsedMs / computed) * left) / 1000);
  return sec >= 60 ? `${Math.floor(sec / 60)}m${String(sec % 60).padStart(2, '0')}s` : `${sec}s`;
}

export function progressLine(s: ProgressState, width = 24): string {
  const frac = s.total > 0 ? s.done / s.total : 1;
  const fill = Math.round(frac * width);
  const bar = `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}]`;
  return `${bar} ${s.done}/${s.total} points, ETA ${eta(s)}${s.best ? `, best: ${s.best}` : ''}`;
}

export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const tty = stream.isTTY === true;
  let lastPlain = -1;
  return {
    update(s) {
      if (tty) stream.write(`\r\x1b[2K${progressLine(s)}`);
      else if (s.done !== lastPlain) {
        lastPlain = s.done;
        stream.write(`explore: ${s.done}/${s.total} points, ETA ${eta(s)}${s.best ? `, best: ${s.best}` : ''}\n`);
      }
    },
    finish(s) {
      if (tty) stream.write(`\r\x1b[2K${progressLine(s)}\n`);
      else stream.write(`explore: done, ${s.done}/${s.total} points (${s.reused} from the database) in ${(s.elapsedMs / 1000).toFixed(1)} s\n`);
    },
  };
}

export const silentProgress: ProgressSink = { update: () => undefined, finish: () => undefined };
