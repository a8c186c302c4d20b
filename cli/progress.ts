// The progress bar `elbsim run` draws on stderr (docs/design.md#the-command-line). Only on a
// terminal: when stderr is a file or a pipe nothing is written, so logs and CI output stay clean.
// It redraws by the wall clock, not by how far the run got, so a slow run still shows signs of
// life, and it says how long the rest should take.
import { formatStopwatch } from "../reports/format";

export interface Progress {
  /** `fraction` of the work done (0 to 1), and what to show after the bar (`5m of 30m simulated`). */
  update(fraction: number, detail: string): void;
  /** Erases the bar, leaving the line empty for what follows. */
  done(): void;
}

const WIDTH = 30;
/** Redraws at most this often (ms); a run shorter than this draws nothing at all. */
const EVERY = 150;
/** The time left is estimated once this much of the work (and a second) has gone by. */
const ESTIMATE_AFTER = 0.005;

/**
 * Calls `redraw` every redraw period until the returned function is called: for work on worker
 * threads, whose progress comes only as runs end, so that the bar and its estimate move between.
 */
export type Ticker = (redraw: () => void) => () => void;

/** A ticker on Node's timers, which never keeps the process alive. */
export const everyRedraw: Ticker = (redraw) => {
  const timer = setInterval(redraw, EVERY);
  timer.unref();
  return () => clearInterval(timer);
};

/**
 * A bar on `stream` when it is a terminal; with null or anything else, a bar that draws nothing.
 * `wallClock` (milliseconds) paces the redraws and times the rest; the caller passes it, as sim/
 * reads no clock. With a `ticker`, the last update is also redrawn as time passes.
 */
export function progressBar(
  stream: Pick<NodeJS.WriteStream, "isTTY" | "write"> | null,
  wallClock: () => number,
  ticker?: Ticker,
): Progress {
  if (!stream?.isTTY) return { update() {}, done() {} };
  const started = wallClock();
  let drawn = false;
  let last = started;
  let latest: [number, string] | null = null;
  let stop: (() => void) | null = null;
  const bar: Progress = {
    update(fraction, detail) {
      latest = [fraction, detail];
      if (ticker && !stop) stop = ticker(() => latest && bar.update(...latest));
      const wall = wallClock();
      if (wall - last < EVERY) return;
      [drawn, last] = [true, wall];
      const f = Math.min(1, Math.max(0, fraction));
      const filled = Math.round(f * WIDTH);
      const elapsed = (wall - started) / 1000;
      const left =
        f >= ESTIMATE_AFTER && elapsed >= 1 && f < 1 ? ` · about ${formatStopwatch((elapsed * (1 - f)) / f)} left` : "";
      stream.write(
        `\r[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${String(Math.floor(f * 100)).padStart(3)} %  ${detail}${left}\x1b[K`,
      );
    },
    done() {
      stop?.();
      if (drawn) stream.write("\r\x1b[K");
    },
  };
  return bar;
}

/** Progress that counts runs (compare, replications, sweeps): `3 of 40 runs`, with the time left. */
export function countRuns(progress: Progress): (done: number, total: number) => void {
  return (done, total) => progress.update(total > 0 ? done / total : 1, `${done} of ${total} runs`);
}
