// Short scenarios for the report tests: a few seconds of simulated time each.

/** Two zones, uneven targets, cross-zone variants; 20 s of simulated time. */
export const TWO_ZONES = `
version: 1
name: two-zones
title: Two zones <&> a "test"
description: Cross-zone on and off on identical traffic.
seed: 3
duration: 20s
metricsInterval: 1s
zones: [a, b]
loadBalancer: { type: application, crossZone: false, node: { capacity: 400, surgeQueue: 50 } }
targets:
  - { zone: a, count: 1, concurrency: 4, queue: 8, serviceTime: { distribution: exponential, mean: 40ms } }
  - { zone: b, count: 3, concurrency: 4, queue: 8, serviceTime: { distribution: exponential, mean: 40ms } }
clients:
  - { name: web, count: 200, rate: [{ at: 0s, rps: 60 }, { at: 10s, rps: 160 }] }
variants:
  cross-zone-on: { loadBalancer.crossZone: true }
  cross-zone-off: { loadBalancer.crossZone: false }
`;

/** An M/M/1 queue: λ = 5/s, μ = 10/s, so the mean response W = 1/(μ − λ) = 0.2 s. */
export const MM1 = `
version: 1
name: mm1
duration: 400s
metricsInterval: 10s
zones: [a]
loadBalancer: { type: application, node: { capacity: unlimited } }
targets:
  - { zone: a, count: 1, concurrency: 1, queue: unlimited, serviceTime: { distribution: exponential, mean: 100ms } }
clients:
  - { name: poisson, count: 100, arrival: poisson, rate: 5 }
`;
