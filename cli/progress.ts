// The progress bar `elbsim run` draws on stderr (docs/design.md#the-command-line). Only on a terminal: when stderr
// is a file or a pipe nothing is written, so logs and CI output stay clean.
import { formatClock as clock } from "../reports/format";

export interface Progress {
  update(simulatedSeconds: number, totalSeconds: number): void;
  /** Erases the bar, leaving the line empty for what follows. */
  done(): void;
}

const WIDTH = 30;
/** Redraws at most this often (ms); a run shorter than this draws nothing at all. */
const EVERY = 100;

/**
 * A bar on `stream` when it is a terminal; with null or anything else, a bar that draws nothing.
 * `wallClock` (milliseconds) paces the redraws; the caller passes it, as sim/ reads no clock.
 */
export function progressBar(stream: NodeJS.WriteStream | null, wallClock: () => number): Progress {
  if (!stream?.isTTY) return { update() {}, done() {} };
  let drawn = -1;
  let last = wallClock();
  return {
    update(now, total) {
      const fraction = total > 0 ? Math.min(1, now / total) : 1;
      const percent = Math.floor(fraction * 100);
      const wall = wallClock();
      if (percent === drawn || wall - last < EVERY) return;
      [drawn, last] = [percent, wall];
      const filled = Math.round(fraction * WIDTH);
      stream.write(
        `\r[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${String(percent).padStart(3)} %  ${clock(now)} of ${clock(total)} simulated\x1b[K`,
      );
    },
    done() {
      if (drawn >= 0) stream.write("\r\x1b[K");
    },
  };
}
