// Colours for every chart: Okabe & Ito's palette, which stays distinguishable under the common
// colour-vision deficiencies (https://jfly.uni-koeln.de/color/). Yellow is last among the
// categorical colours because a thin yellow line is hard to see on white.
import type { TargetState } from "../../sim/model/target-state";

export const OKABE_ITO = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
} as const;

/** Categorical colours, in the order series get them. */
export const CATEGORICAL: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.yellow,
  "#666666",
];

/** The i-th categorical colour (cycling). */
export function categorical(i: number): string {
  return CATEGORICAL[((i % CATEGORICAL.length) + CATEGORICAL.length) % CATEGORICAL.length];
}

/** Dash patterns that tell overlaid variants apart when colour already encodes something else. */
export const DASHES: readonly (string | null)[] = [null, "6 3", "2 2", "8 3 2 3"];

/** The i-th dash pattern (cycling); null is a solid line. */
export function dash(i: number): string | null {
  return DASHES[i % DASHES.length];
}

/** Error categories of the errors chart. */
export const STATUS_COLORS = {
  "502": OKABE_ITO.vermillion,
  "503": OKABE_ITO.orange,
  "504": OKABE_ITO.reddishPurple,
  target5xx: OKABE_ITO.blue,
  connection: "#555555",
} as const;

/** A target's states (sim/model/target-state.ts says what each means): the swimlanes and the flow. */
export const HEALTH_COLORS = {
  healthy: OKABE_ITO.bluishGreen,
  partial: OKABE_ITO.yellow,
  unhealthy: OKABE_ITO.vermillion,
  initial: OKABE_ITO.skyBlue,
  draining: OKABE_ITO.reddishPurple,
  failed: "#222222",
  absent: "#E8E8E8",
} as const satisfies Record<TargetState, string>;

/** Scaling marker kinds on the node-count chart. */
export const MARKER_COLORS: Record<string, string> = {
  "scale-out": OKABE_ITO.orange,
  "node-ready": OKABE_ITO.bluishGreen,
  "scale-in": OKABE_ITO.reddishPurple,
  "node-retiring": OKABE_ITO.reddishPurple,
  "node-retired": "#666666",
};
