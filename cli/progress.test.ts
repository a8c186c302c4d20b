import { describe, expect, it } from "vitest";
import { progressBar } from "./progress";

/** A terminal that keeps what is written, and a wall clock the test moves (milliseconds). */
function terminal() {
  const written: string[] = [];
  const clock = { now: 0 };
  const stream = { isTTY: true, write: (text: string) => written.push(text) > 0 };
  return { written, clock, bar: progressBar(stream, () => clock.now) };
}

describe("the progress bar", () => {
  it("redraws as wall time passes, even while the share done does not move", () => {
    const { written, clock, bar } = terminal();
    for (let t = 0; t <= 1000; t += 50) {
      clock.now = t;
      bar.update(0.001, "1s of 1h simulated");
    }
    // Every 150 ms of a second: six redraws, though the run stays at 0 %.
    expect(written).toHaveLength(6);
    expect(written[0]).toContain("[..............................]   0 %  1s of 1h simulated");
  });

  it("says how long the rest should take, from the share of work done so far", () => {
    const { written, clock, bar } = terminal();
    clock.now = 10_000;
    bar.update(0.25, "10m of 40m simulated");
    expect(written.at(-1)).toContain("[########......................]  25 %  10m of 40m simulated · about 0:30 left");
    clock.now = 610_000;
    bar.update(0.5, "20m of 40m simulated");
    expect(written.at(-1)).toContain("about 10:10 left");
  });

  it("makes no estimate in the first second, and erases itself when done", () => {
    const { written, clock, bar } = terminal();
    clock.now = 500;
    bar.update(0.4, "x");
    expect(written.at(-1)).not.toContain("left");
    bar.done();
    expect(written.at(-1)).toBe("\r\x1b[K");
  });

  it("draws nothing off a terminal", () => {
    const written: string[] = [];
    const bar = progressBar({ isTTY: false, write: (t: string) => written.push(t) > 0 }, () => 1e6);
    bar.update(0.5, "x");
    bar.done();
    expect(written).toEqual([]);
  });

  it("with a ticker, redraws the last count of runs as time passes, and stops with the bar", () => {
    const written: string[] = [];
    const clock = { now: 0 };
    let redraw: (() => void) | null = null;
    let stopped = false;
    const ticker = (r: () => void) => {
      redraw = r;
      return () => {
        stopped = true;
      };
    };
    const bar = progressBar({ isTTY: true, write: (t: string) => written.push(t) > 0 }, () => clock.now, ticker);
    bar.update(0, "0 of 4 runs");
    expect(written).toEqual([]);
    clock.now = 200;
    redraw!();
    expect(written.at(-1)).toContain("[..............................]   0 %  0 of 4 runs");
    clock.now = 2000;
    bar.update(0.25, "1 of 4 runs");
    clock.now = 4000;
    redraw!();
    // One run in 2 s, then 2 s more with none: three runs at the pace so far take 12 s.
    expect(written.at(-1)).toContain("1 of 4 runs · about 0:12 left");
    bar.done();
    expect(stopped).toBe(true);
  });
});
