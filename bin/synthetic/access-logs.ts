// A synthetic launch's requests as the access logs AWS writes: the application layout (in the
// order the load balancer writes them) and the classic one.
import { RandomStreams, type Rng } from "../../sim/engine/random";
import type { SyntheticRequest } from "./launch";

function iso(epoch: number): string {
  return `${new Date(Math.floor(epoch * 1000)).toISOString().slice(0, -1)}000Z`;
}

function hex(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
  return s;
}

const TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/73e2d6bc24d8a067";

/** Entries in the application layout, in the order the load balancer writes them: by response time. */
export function albLog(reqs: readonly SyntheticRequest[], seed: string): string {
  const ids = new RandomStreams(seed).stream("trace-ids");
  const lines = reqs.map((r) => {
    // A request no target answered has -1 for all three times (docs/aws-behaviour.md#access-log-entries).
    const answered = r.targetTime !== null;
    const requestTime = answered ? 0.001 : -1;
    const responseTime = answered ? 0 : -1;
    const done = r.arrival + (r.targetTime ?? 0) + 0.001;
    const url = `https://shop.example.com:443${r.path}`;
    const fields = [
      "https",
      iso(done),
      "app/shop/50dc6c495c0c9188",
      `${r.client}:${r.port}`,
      r.target ?? "-",
      requestTime === -1 ? "-1" : requestTime.toFixed(3),
      r.targetTime === null ? "-1" : r.targetTime.toFixed(3),
      responseTime === -1 ? "-1" : responseTime.toFixed(3),
      String(r.elbStatus),
      r.targetStatus === null ? "-" : String(r.targetStatus),
      String(r.received),
      String(r.sent),
      `"${r.method} ${url} HTTP/1.1"`,
      `"Mozilla/5.0 (X11; Linux x86_64) SyntheticBrowser/1.0"`,
      "ECDHE-RSA-AES128-GCM-SHA256",
      "TLSv1.2",
      TARGET_GROUP,
      `"Root=1-${Math.floor(done).toString(16)}-${hex(ids, 24)}"`,
      `"shop.example.com"`,
      `"arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"`,
      "1",
      iso(r.arrival),
      `"forward"`,
      `"-"`,
      `"-"`,
      `"${r.target ?? "-"}"`,
      `"${r.targetStatus ?? "-"}"`,
      `"-"`,
      `"-"`,
    ];
    return { done, line: fields.join(" ") };
  });
  lines.sort((a, b) => a.done - b.done);
  return `${lines.map((l) => l.line).join("\n")}\n`;
}

/** Entries in the classic layout (timestamp is the arrival), microsecond times. */
export function classicLog(reqs: readonly SyntheticRequest[]): string {
  const lines = reqs.map((r) =>
    [
      iso(r.arrival).replace("000Z", "417Z"),
      "shop-classic",
      `${r.client}:${r.port}`,
      r.target ? r.target.replace(":8080", ":80") : "-",
      r.targetTime === null ? "-1" : "0.000051",
      r.targetTime === null ? "-1" : (r.targetTime + 0.000137).toFixed(6),
      r.targetTime === null ? "-1" : "0.000033",
      String(r.elbStatus),
      r.targetStatus === null ? "-" : String(r.targetStatus),
      String(r.received),
      String(r.sent),
      `"${r.method} http://shop.example.com:80${r.path} HTTP/1.1"`,
      `"curl/8.5.0"`,
      "-",
      "-",
    ].join(" "),
  );
  return `${lines.join("\n")}\n`;
}
