// The charts: each a pure function (data, options) => SVG string, with no DOM, shared by
// report.html and the dashboard. from-run.ts turns a run's time series into their data, and
// run-charts.ts lists a run's charts.
export * from "./from-run";
export * from "./health-swimlanes";
export * from "./line-chart";
export * from "./node-count-chart";
export * from "./palette";
export * from "./run-charts";
export * from "./stacked-area-chart";
export * from "./stacked-bar-chart";
export type { Aggregate, ChartOptions, LegendItem, Unit } from "./svg";
