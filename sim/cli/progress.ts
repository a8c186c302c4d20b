// The progress bar `elbsim run` draws on stderr (DESIGN.md §4). Only on a terminal: when stderr
// is a file or a pipe nothing is written, so logs and CI output stay clean.
import { clock } from "./summary";

export interface Progress {
  update(simulatedSeconds: number, totalSeconds: number): void;
  /** Erases the bar, leaving the line empty for what follows. */
  done(): void;
}

const WIDTH = 30;

/** A bar on `stream` when it is a terminal; with null or anything else, a bar that draws nothing. */
export function progressBar(stream: NodeJS.WriteStream | null): Progress {
  if (!stream?.isTTY) return { update() {}, done() {} };
  let drawn = -1;
  return {
    update(now, total) {
      const fraction = total > 0 ? Math.min(1, now / total) : 1;
      const percent = Math.floor(fraction * 100);
      if (percent === drawn) return;
      drawn = percent;
      const filled = Math.round(fraction * WIDTH);
      stream.write(`\r[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${String(percent).padStart(3)} %  ${clock(now)} of ${clock(total)} simulated\x1b[K`);
    },
    done() {
      if (drawn >= 0) stream.write("\r\x1b[K");
    },
  };
}
