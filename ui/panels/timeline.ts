// The time slider: scrubs to any bucket of a finished or still-streaming run, plays it back at a
// chosen speed, follows the live edge while a run streams, and marks the log's events on the
// track (scale-out, node ready, failures, health transitions). Keyboard: the slider takes arrows,
// Home/End and Page keys; "[" and "]" jump between events; space plays and pauses.
import type { LogEntry } from "../../sim/metrics/result";
import type { HealthViewName } from "../../sim/model/target-state";
import { HEALTH_COLORS, MARKER_COLORS, OKABE_ITO } from "../../reports/charts/palette";
import { formatStopwatch as formatClock } from "../../reports/format";
import { h } from "../dom";

export interface MarkerKind {
  label: string;
  color: string;
  types: string[];
  /** For health entries: which view of the target this kind marks. */
  state?: HealthViewName;
}

export const MARKER_KINDS: MarkerKind[] = [
  { label: "scale-out", color: MARKER_COLORS["scale-out"], types: ["scale-out", "scale-in"] },
  { label: "node ready", color: MARKER_COLORS["node-ready"], types: ["node-ready"] },
  { label: "node retiring", color: MARKER_COLORS["node-retiring"], types: ["node-retiring", "node-retired"] },
  { label: "failure", color: "#222222", types: ["fail", "outage", "slow", "errors"] },
  { label: "recovery", color: OKABE_ITO.skyBlue, types: ["recover", "restore"] },
  { label: "registration or setting", color: OKABE_ITO.blue, types: ["register", "deregister", "deregistered", "set"] },
  { label: "target unhealthy", color: HEALTH_COLORS.unhealthy, types: ["health"], state: "unhealthy" },
  { label: "target healthy", color: HEALTH_COLORS.healthy, types: ["health"], state: "healthy" },
];

function kindOf(entry: LogEntry): MarkerKind | undefined {
  return MARKER_KINDS.find((k) => k.types.includes(entry.type) && (k.state === undefined || entry.state === k.state));
}

const SPEEDS = [10, 30, 60, 120, 300, 600];

const icon = (path: string) =>
  `<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="${path}" fill="currentColor"/></svg>`;
const ICONS = {
  play: icon("M4 2.5v11l9.5-5.5z"),
  pause: icon("M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z"),
  previous: icon("M2.5 2.5h2v11h-2zM14 2.5v11L5.5 8z"),
  next: icon("M11.5 2.5h2v11h-2zM2 2.5v11L10.5 8z"),
};

export class Timeline {
  readonly element: HTMLElement;
  /** The bucket shown. */
  bucket = 0;
  private total = 1;
  private received = 0;
  private interval = 1;
  private following = true;
  private playing = false;
  private speed = 60;
  private lastFrame = 0;
  private position = 0;
  private events: number[] = [];
  private markerVersion = "";
  private glyph = "";
  /** Playing towards this bucket, then pausing and calling `arrived` (a lesson's next step). */
  private stopAt: number | null = null;
  private arrived: (() => void) | null = null;
  private readonly slider: HTMLInputElement;
  private readonly clock: HTMLElement;
  private readonly play: HTMLButtonElement;
  private readonly live: HTMLButtonElement;
  private readonly markers: HTMLElement;
  private readonly track: HTMLElement;

  constructor(private readonly onChange: (bucket: number) => void) {
    this.slider = h("input", {
      type: "range",
      min: "0",
      max: "0",
      step: "1",
      value: "0",
      "aria-label": "Time (simulated)",
      class: "slider",
    });
    this.play = h("button", {
      type: "button",
      class: "icon-button play",
      "aria-label": "Play",
      title: "Play / pause (space)",
    });
    this.live = h(
      "button",
      { type: "button", class: "chip-button", "aria-pressed": "true", title: "Follow the run as it streams" },
      "● Live",
    );
    this.clock = h("output", { class: "clock", "aria-live": "off" }, "0:00 / 0:00");
    const speed = h(
      "select",
      { "aria-label": "Playback speed", class: "speed" },
      ...SPEEDS.map((s) => h("option", { value: String(s), ...(s === this.speed ? { selected: "" } : {}) }, `${s}×`)),
    );
    const prev = h("button", {
      type: "button",
      class: "icon-button",
      "aria-label": "Previous event",
      title: "Previous event ([)",
    });
    const next = h("button", {
      type: "button",
      class: "icon-button",
      "aria-label": "Next event",
      title: "Next event (])",
    });
    prev.innerHTML = ICONS.previous;
    next.innerHTML = ICONS.next;
    this.markers = h("div", { class: "markers", "aria-hidden": "true" });
    this.track = h("div", { class: "track" }, this.markers, this.slider);
    const legend = h(
      "div",
      { class: "marker-legend" },
      ...MARKER_KINDS.map((k) => h("span", {}, h("i", { style: `background:${k.color}` }), k.label)),
    );
    this.element = h(
      "section",
      { class: "timeline", "aria-label": "Time" },
      h("div", { class: "timeline-row" }, this.play, prev, next, this.track, this.clock, speed, this.live),
      legend,
    );

    this.slider.addEventListener("input", () => {
      this.following = false;
      this.set(Number(this.slider.value));
    });
    this.play.addEventListener("click", () => this.toggle());
    this.live.addEventListener("click", () => {
      this.following = !this.following;
      if (this.following) this.set(this.received - 1);
      this.refresh();
    });
    speed.addEventListener("change", () => (this.speed = Number(speed.value)));
    prev.addEventListener("click", () => this.jump(-1));
    next.addEventListener("click", () => this.jump(1));
    this.markers.addEventListener("click", (e) => {
      const at = (e.target as HTMLElement).dataset.bucket;
      if (at !== undefined) {
        this.following = false;
        this.set(Number(at));
      }
    });
    this.element.addEventListener("keydown", (e) => {
      if (e.target instanceof HTMLSelectElement) return;
      if (e.key === " " && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        this.toggle();
      } else if (e.key === "[" || e.key === "]") {
        e.preventDefault();
        this.jump(e.key === "]" ? 1 : -1);
      }
    });
  }

  /** A new run, or more of the same one: the slider's range, the streamed part and the markers. */
  update(total: number, received: number, interval: number, log: readonly LogEntry[], streaming: boolean): void {
    this.live.hidden = !streaming;
    this.total = Math.max(1, total);
    this.interval = interval;
    const grew = received !== this.received;
    this.received = received;
    this.slider.max = String(this.total - 1);
    this.slider.dataset.interval = String(interval);
    this.track.style.setProperty("--streamed", `${(100 * received) / this.total}%`);
    // The caller draws after updating, so these moves need no notice.
    if (this.following && grew) this.set(received - 1, false);
    else if (this.bucket > received - 1) this.set(Math.max(0, received - 1), false);
    const version = `${total}|${log.length}`;
    if (version !== this.markerVersion) {
      this.markerVersion = version;
      this.drawMarkers(log);
    }
    this.refresh();
  }

  /** Buckets received so far. */
  get available(): number {
    return this.received;
  }

  /** Shows the bucket holding `seconds` (no longer following the live edge); false if not yet received. */
  seek(seconds: number): boolean {
    const bucket = Math.floor(seconds / this.interval + 1e-9);
    this.stopAt = null;
    this.arrived = null;
    this.pause();
    this.following = false;
    if (bucket > this.received - 1) return false;
    this.set(bucket);
    return true;
  }

  /** Plays from where it is to the bucket holding `seconds`, pauses there and calls `arrived`. */
  playTo(seconds: number, arrived: () => void): void {
    const bucket = Math.floor(seconds / this.interval + 1e-9);
    this.stopAt = bucket;
    this.arrived = arrived;
    this.following = false;
    this.playing = true;
    this.position = this.bucket;
    this.lastFrame = performance.now();
    this.refresh();
    requestAnimationFrame((t) => this.tick(t));
  }

  /** Starts over for a new run: follows the live edge. */
  reset(): void {
    this.following = true;
    this.pause();
    this.bucket = 0;
    this.received = 0;
    this.markerVersion = "";
  }

  private set(bucket: number, notify = true): void {
    const b = Math.max(0, Math.min(Math.max(0, this.received - 1), Math.round(bucket)));
    this.position = b;
    if (b === this.bucket && Number(this.slider.value) === b) return;
    this.bucket = b;
    this.slider.value = String(b);
    this.refresh();
    if (notify) this.onChange(b);
  }

  private refresh(): void {
    // The bucket's start, as the charts' time axes and the cards read it.
    this.clock.textContent = `${formatClock(this.bucket * this.interval)} / ${formatClock(this.total * this.interval)}`;
    this.slider.setAttribute("aria-valuetext", `${formatClock(this.bucket * this.interval)} simulated`);
    this.live.setAttribute("aria-pressed", String(this.following));
    // Compared with what was set, not with innerHTML, which reads back serialized differently.
    const glyph = this.playing ? ICONS.pause : ICONS.play;
    if (this.glyph !== glyph) this.play.innerHTML = this.glyph = glyph;
    this.play.setAttribute("aria-label", this.playing ? "Pause" : "Play");
  }

  private toggle(): void {
    if (this.playing) this.pause();
    else {
      this.following = false;
      if (this.bucket >= this.received - 1) this.set(0);
      this.playing = true;
      this.position = this.bucket;
      this.lastFrame = performance.now();
      requestAnimationFrame((t) => this.tick(t));
    }
    this.refresh();
  }

  private pause(): void {
    this.playing = false;
    if (this.stopAt !== null) {
      // Paused by hand on the way to a step: the step waits for the next Play on.
      this.stopAt = null;
      this.arrived = null;
    }
    this.refresh();
  }

  private tick(time: number): void {
    if (!this.playing) return;
    const dt = Math.min(0.25, (time - this.lastFrame) / 1000);
    this.lastFrame = time;
    this.position += (dt * this.speed) / this.interval;
    if (this.stopAt !== null && this.position >= this.stopAt && this.stopAt <= this.received - 1) {
      const arrived = this.arrived;
      this.set(this.stopAt);
      this.stopAt = null;
      this.arrived = null;
      this.pause();
      arrived?.();
      return;
    }
    // Towards a lesson's step the run has not reached yet: wait at the live edge.
    if (this.stopAt !== null && this.position >= this.received - 1) {
      this.position = Math.max(0, this.received - 1);
      if (Math.floor(this.position) !== this.bucket) this.set(Math.floor(this.position));
      requestAnimationFrame((t) => this.tick(t));
      return;
    }
    if (this.position >= this.received - 1) {
      this.position = this.received - 1;
      this.set(this.position);
      this.pause();
      return;
    }
    if (Math.floor(this.position) !== this.bucket) this.set(Math.floor(this.position));
    requestAnimationFrame((t) => this.tick(t));
  }

  private jump(direction: 1 | -1): void {
    const candidates =
      direction > 0
        ? this.events.filter((b) => b > this.bucket && b < this.received)
        : this.events.filter((b) => b < this.bucket).reverse();
    if (candidates.length === 0) return;
    this.following = false;
    this.set(candidates[0]);
  }

  private drawMarkers(log: readonly LogEntry[]): void {
    const seen = new Set<string>();
    const marks: HTMLElement[] = [];
    const buckets = new Set<number>();
    for (const entry of log) {
      const kind = kindOf(entry);
      if (!kind) continue;
      const bucket = Math.min(this.total - 1, Math.floor(entry.at / this.interval));
      buckets.add(bucket);
      // One mark per kind per 0.25 % of the track: hundreds of health checks make one tick.
      const slot = Math.round((bucket / this.total) * 400);
      const key = `${kind.label}|${slot}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const row = MARKER_KINDS.indexOf(kind) % 2;
      marks.push(
        h("i", {
          class: `marker row${row}`,
          style: `left:${(100 * (bucket + 0.5)) / this.total}%;background:${kind.color}`,
          title: `${formatClock(entry.at)} ${describeEntry(entry)}`,
          "data-bucket": String(bucket),
        }),
      );
    }
    this.events = [...buckets].sort((a, b) => a - b);
    this.markers.replaceChildren(...marks);
  }
}

/** A log entry in words: "scale-out to 3 nodes per zone", "a-1 unhealthy for a-n1". */
export function describeEntry(e: LogEntry): string {
  const parts = [e.type];
  for (const [key, value] of Object.entries(e)) {
    if (key === "at" || key === "type" || value === null) continue;
    parts.push(`${key} ${value}`);
  }
  return parts.join(" · ");
}
