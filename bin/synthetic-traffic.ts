// Synthetic traffic in the formats `elbsim import` reads (`npm run synthetic`): a made-up product
// launch, written as an Application Load Balancer access log (gzipped, as AWS writes them) and
// imported into the bundled replay, and the small test fixtures of cli/fixtures/ in every format. Nothing here is real: addresses come from
// the ranges reserved for documentation (RFC 5737) and private ranges, and every number from a
// seeded random stream, so the files come out the same on every run.
//
//   npm run synthetic    # writes the bundled log, its replay (scenarios/product-launch-replay.yaml) and the fixtures
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { readImport } from "../cli/import";
import { importFiles } from "../cli/import-files";
import { albLog, classicLog } from "./synthetic/access-logs";
import { LAUNCH, requests, SMALL } from "./synthetic/launch";
import { cloudwatchCsv, cloudwatchJson, k6Csv, locustHistory } from "./synthetic/metrics-files";

/** The bundled replay: the launch log as `elbsim import` reads it, calibrated by hand, with what-if variants. */
export const REPLAY = "product-launch-replay";
export const REPLAY_TRACES = `traces/${REPLAY}-`;

/** The bundled scenario's files, by path from scenarios/: the import of the launch log, then its calibration and variants. */
export async function bundledReplay(log: string): Promise<Record<string, string>> {
  const outcome = await readImport([log], {
    format: "alb",
    bucket: null,
    name: REPLAY,
    pathDepth: null,
    zones: [],
    rateOnly: false,
    hash: (address) => address,
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  const { scenario } = outcome.result;
  const targets = scenario.targets as Record<string, unknown>[];
  // The import guesses 5 workers and an unlimited backlog, and no request fails; 3 workers and a
  // backlog of 3 give about as many 502s as the log has (823 simulated, 909 observed).
  const calibrated = targets.map((t) => ({ ...t, concurrency: 3, queue: 3 }));
  const perGroup = (key: string, value: unknown) =>
    Object.fromEntries(targets.map((_, i) => [`targets.${i}.${key}`, value]));
  const files = importFiles(
    {
      ...outcome.result,
      comment:
        "Written by npm run synthetic (bin/synthetic-traffic.ts): elbsim import's scenario, calibrated as its description says.",
      scenario: {
        ...scenario,
        title: "A product launch, replayed from its access log",
        description: [
          "A synthetic Application Load Balancer access log of a product launch (scenarios/logs/product-launch-alb.log.gz, written by bin/synthetic-traffic.ts),",
          "imported with `elbsim import` and replayed request by request: 3 requests/s, then 40 within 15 s for three minutes, fading over three more.",
          "The import cannot see the targets' workers; 3 workers and a backlog of 3 per target bring the simulated 502s (a target refusing a request when its backlog is full) close to the 909 the log shows.",
          "Compare what was simulated with what was observed, then ask what would have happened with twice the targets or cross-zone load balancing off.",
        ].join(" "),
        targets: calibrated,
        variants: {
          "as-imported": { ...perGroup("concurrency", 5), ...perGroup("queue", "unlimited") },
          "twice-the-targets": perGroup("count", 4),
          "cross-zone-off": { "loadBalancer.crossZone": false },
        },
      },
    },
    REPLAY_TRACES,
  );
  const { "scenario.yaml": yaml, ...traces } = files;
  return { [`${REPLAY}.yaml`]: yaml, ...traces };
}

async function main(): Promise<void> {
  const root = new URL("..", import.meta.url);
  const launch = requests(LAUNCH);
  mkdirSync(new URL("scenarios/logs/", root), { recursive: true });
  // AWS names a file per node and 5 minutes; one file is enough for the example.
  const log = new URL("scenarios/logs/product-launch-alb.log.gz", root);
  writeFileSync(log, gzipSync(albLog(launch, LAUNCH.seed)));
  for (const [name, text] of Object.entries(await bundledReplay(fileURLToPath(log))))
    writeFileSync(new URL(`scenarios/${name}`, root), text);
  const small = requests(SMALL);
  const fixtures = new URL("cli/fixtures/", root);
  mkdirSync(fixtures, { recursive: true });
  writeFileSync(new URL("alb.log", fixtures), albLog(small, SMALL.seed));
  writeFileSync(new URL("classic.log", fixtures), classicLog(small));
  writeFileSync(new URL("get-metric-data.json", fixtures), cloudwatchJson(launch, LAUNCH.start));
  writeFileSync(new URL("cloudwatch.csv", fixtures), cloudwatchCsv(launch, LAUNCH.start));
  writeFileSync(new URL("k6.csv", fixtures), k6Csv(small.slice(0, 120)));
  writeFileSync(new URL("locust_stats_history.csv", fixtures), locustHistory(small, SMALL.start, SMALL.duration));
  console.log(`product launch: ${launch.length} requests; fixtures: ${small.length} requests`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) await main();
