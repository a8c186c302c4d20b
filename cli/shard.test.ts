import { describe, expect, it } from "vitest";
import { parseShard, shardFromEnv, shardRuns } from "./shard";

describe("shards", () => {
  it("are K/N with K from 1 to N", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard("5/4")).toEqual({ error: "must have K from 1 to 4, got 5/4" });
    expect(parseShard("0/4")).toEqual({ error: "must have K from 1 to 4, got 0/4" });
    expect(parseShard("1/0")).toEqual({ error: "must have N from 1 to 100000, got 1/0" });
    expect(parseShard("half")).toEqual({ error: "must be K/N, such as 1/4, got half" });
  });

  it("take every Nth run from K − 1, so each shard gets some of every point", () => {
    expect(shardRuns(10, { index: 1, count: 4 })).toEqual([0, 4, 8]);
    expect(shardRuns(10, { index: 4, count: 4 })).toEqual([3, 7]);
    expect(shardRuns(2, { index: 3, count: 4 })).toEqual([]);
    const all = [1, 2, 3].flatMap((index) => shardRuns(11, { index, count: 3 }));
    expect(all.sort((a, b) => a - b)).toEqual([...Array(11).keys()]);
  });

  it("come from a Kubernetes Indexed Job, an AWS Batch array job or a Slurm array", () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: "0" }, 4)).toEqual({ index: 1, count: 4 });
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: "3", AWS_BATCH_JOB_ARRAY_SIZE: "4" }, null)).toEqual({
      index: 4,
      count: 4,
    });
    expect(
      shardFromEnv({ SLURM_ARRAY_TASK_ID: "7", SLURM_ARRAY_TASK_MIN: "5", SLURM_ARRAY_TASK_COUNT: "4" }, null),
    ).toEqual({ index: 3, count: 4 });
  });

  it("from the environment must be within 1..N, with a count to be within", () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: "4" }, 4)).toEqual({
      path: "--shard-from-env",
      message: "JOB_COMPLETION_INDEX=4 is shard 5, outside 1..4",
    });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: "1" }, null)).toEqual({
      path: "--shard-from-env",
      message:
        "JOB_COMPLETION_INDEX gives the shard but not how many there are: add --shards N (the Job's completions)",
    });
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: "x" }, 4)).toMatchObject({
      message: "AWS_BATCH_JOB_ARRAY_INDEX must be a whole number, got x",
    });
    expect(shardFromEnv({}, 4)).toMatchObject({
      message: "none of JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX, SLURM_ARRAY_TASK_ID is set",
    });
  });
});
