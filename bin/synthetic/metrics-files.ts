// A synthetic launch's requests as the metrics files `elbsim import` reads: CloudWatch's
// get-metric-data JSON and a wide CSV of it, k6's CSV output and Locust's stats history.
import type { SyntheticRequest } from "./launch";

/** Per period: requests per zone of the target (and of the load balancer for its own answers), 5xx, mean target time. */
function perPeriod(reqs: readonly SyntheticRequest[], start: number, period: number) {
  const zoneOf = (target: string) => ["a", "b", "c"][Number(target.split(".")[2]) - 1];
  const buckets = new Map<number, { zones: Map<string, number>; elb5xx: number; target5xx: number; times: number[] }>();
  for (const r of reqs) {
    const k = Math.floor((r.arrival - start) / period);
    let b = buckets.get(k);
    if (!b) {
      b = { zones: new Map(), elb5xx: 0, target5xx: 0, times: [] };
      buckets.set(k, b);
    }
    const zone = r.target ? zoneOf(r.target) : "a";
    b.zones.set(zone, (b.zones.get(zone) ?? 0) + 1);
    if (r.targetStatus === null) b.elb5xx++;
    else if (r.targetStatus >= 500) b.target5xx++;
    if (r.targetTime !== null) b.times.push(r.targetTime);
  }
  return [...buckets].sort((a, b) => a[0] - b[0]);
}

/** `aws cloudwatch get-metric-data` output: RequestCount per zone, 5xx and TargetResponseTime, per minute, newest first. */
export function cloudwatchJson(reqs: readonly SyntheticRequest[], start: number): string {
  const periods = perPeriod(reqs, start, 60);
  const stamp = (k: number) => new Date((start + k * 60) * 1000).toISOString().replace(".000Z", "+00:00");
  const result = (id: string, label: string, value: (b: (typeof periods)[number][1]) => number) => ({
    Id: id,
    Label: label,
    Timestamps: periods.map(([k]) => stamp(k)).reverse(),
    Values: periods.map(([, b]) => Number(value(b).toFixed(6))).reverse(),
    StatusCode: "Complete",
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return `${JSON.stringify(
    {
      MetricDataResults: [
        ...["a", "b", "c"].map((z) =>
          result(`requests_${z}`, `RequestCount us-east-1${z}`, (b) => b.zones.get(z) ?? 0),
        ),
        result("elb5xx", "HTTPCode_ELB_5XX_Count", (b) => b.elb5xx),
        result("target5xx", "HTTPCode_Target_5XX_Count", (b) => b.target5xx),
        result("latency", "TargetResponseTime Average", (b) => mean(b.times)),
      ],
      Messages: [],
    },
    null,
    4,
  )}\n`;
}

/** A wide CSV of the same metrics: a time column, then one column per series, named as its label. */
export function cloudwatchCsv(reqs: readonly SyntheticRequest[], start: number): string {
  const periods = perPeriod(reqs, start, 60);
  const rows = periods.map(([k, b]) =>
    [
      new Date((start + k * 60) * 1000).toISOString().replace(".000Z", "Z"),
      b.zones.get("a") ?? 0,
      b.zones.get("b") ?? 0,
      b.zones.get("c") ?? 0,
      b.elb5xx,
    ].join(","),
  );
  return `${["Timestamp,RequestCount us-east-1a,RequestCount us-east-1b,RequestCount us-east-1c,HTTPCode_ELB_5XX_Count", ...rows].join("\n")}\n`;
}

/** `k6 run --out csv=…`: an http_reqs, http_req_duration, http_req_waiting and http_req_failed point per request. */
export function k6Csv(reqs: readonly SyntheticRequest[]): string {
  const header =
    "metric_name,timestamp,metric_value,check,error,error_code,group,method,name,proto,scenario,status,subproto,tls_version,url,extra_tags";
  const lines = [header];
  for (const r of reqs) {
    const at = Math.floor(r.arrival);
    const url = `https://shop.example.com${r.path}`;
    const status = r.targetStatus ?? r.elbStatus;
    const tags = `,,,,,${r.method},${url},HTTP/1.1,default,${status},,tls1.2,${url},`;
    const waiting = (r.targetTime ?? 0.0005) * 1000 + 0.4;
    lines.push(`http_reqs,${at},1.000000${tags}`);
    lines.push(`http_req_duration,${at},${(waiting + 0.9).toFixed(6)}${tags}`);
    lines.push(`http_req_waiting,${at},${waiting.toFixed(6)}${tags}`);
    lines.push(`http_req_failed,${at},${status >= 400 ? "1.000000" : "0.000000"}${tags}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Locust's `--csv` stats history: an Aggregated row every 2 s, with cumulative totals. */
export function locustHistory(reqs: readonly SyntheticRequest[], start: number, duration: number): string {
  const percentiles = ["50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%"];
  const header = [
    "Timestamp",
    "User Count",
    "Type",
    "Name",
    "Requests/s",
    "Failures/s",
    ...percentiles,
    "Total Request Count",
    "Total Failure Count",
    "Total Median Response Time",
    "Total Average Response Time",
    "Total Min Response Time",
    "Total Max Response Time",
    "Total Average Content Size",
  ];
  const lines = [header.map((h) => `"${h}"`).join(",")];
  let total = 0;
  let failed = 0;
  let sum = 0;
  const all: number[] = [];
  let i = 0;
  for (let t = 2; t <= duration; t += 2) {
    const window: number[] = [];
    while (i < reqs.length && reqs[i].arrival < start + t) {
      const r = reqs[i++];
      const ms = Math.round(((r.targetTime ?? 0.0005) + 0.002) * 1000);
      total++;
      sum += ms;
      all.push(ms);
      window.push(ms);
      if ((r.targetStatus ?? r.elbStatus) >= 500) failed++;
    }
    const sorted = [...all].sort((a, b) => a - b);
    const q = (p: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : "N/A";
    lines.push(
      [
        start + t,
        Math.min(50, Math.ceil(t / 2)),
        "",
        "Aggregated",
        (window.length / 2).toFixed(6),
        "0.000000",
        ...[0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1].map(q),
        total,
        failed,
        q(0.5),
        total ? (sum / total).toFixed(12) : 0,
        sorted[0] ?? 0,
        sorted[sorted.length - 1] ?? 0,
        "5210.0",
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
