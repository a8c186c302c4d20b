// The one vocabulary for a target's state: a node's own health view of it (health checks are per
// node, docs/aws-behaviour.md#health-checks), and the classification of the target as a whole
// that the dashboard's stream and the report's health swimlanes both show.

/** A node's view of one target: what its own health checks have concluded. */
export const HealthView = { unhealthy: 0, healthy: 1, initial: 2 } as const;
export type HealthView = (typeof HealthView)[keyof typeof HealthView];

/** Log and display names of the views, indexed by `HealthView`. */
export const HEALTH_VIEW_NAMES = ["unhealthy", "healthy", "initial"] as const;
export type HealthViewName = (typeof HEALTH_VIEW_NAMES)[number];

/**
 * - healthy: no node in service sees it unhealthy, and none still sees it initial;
 * - initial: registered, not yet passed its checks in some node's view;
 * - partial: unhealthy in some nodes' view; unhealthy: in every node's view;
 * - draining: deregistered, finishing its in-flight requests;
 * - failed: crashed, or its zone is out;
 * - absent: not registered (before `register`, after `deregistered`).
 */
export const TARGET_STATES = ["healthy", "initial", "partial", "unhealthy", "draining", "failed", "absent"] as const;
export type TargetState = (typeof TARGET_STATES)[number];

export const TARGET_STATE_LABELS: Record<TargetState, string> = {
  healthy: "healthy",
  initial: "initial (not yet passed)",
  partial: "unhealthy in some nodes' view",
  unhealthy: "unhealthy in every node's view",
  draining: "draining",
  failed: "failed",
  absent: "not registered",
};

export interface TargetFacts {
  registered: boolean;
  draining: boolean;
  /** Crashed, or in a zone that is out. */
  failed: boolean;
  /** Nodes in service whose view is unhealthy, and whose view is initial, of `views`. */
  unhealthyViews: number;
  initialViews: number;
  views: number;
}

/** The one classification of a target's state, in this order of precedence. */
export function classifyTarget(f: TargetFacts): TargetState {
  if (!f.registered) return "absent";
  if (f.failed) return "failed";
  if (f.draining) return "draining";
  if (f.views > 0 && f.unhealthyViews === f.views) return "unhealthy";
  if (f.unhealthyViews > 0) return "partial";
  if (f.initialViews > 0) return "initial";
  return "healthy";
}
