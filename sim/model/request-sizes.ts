// Each request's size and its response's (docs/design.md#capacity-units): a group's constant sizes,
// or, when it gives a distribution, one drawn per request from the group's own stream, so that
// other groups' and other parts' draws never move.
import { quantile, type Quantile } from "../engine/distributions";
import type { RandomStreams, Rng } from "../engine/random";
import type { ClientGroup } from "../scenario/defaults";

interface Drawn {
  draw: Rng;
  request: Quantile | null;
  response: Quantile | null;
}

export class RequestSizes {
  private readonly drawn: (Drawn | null)[];
  /** Per request of a group with drawn sizes: its request and response bytes. */
  private readonly request: number[] = [];
  private readonly response: number[] = [];

  constructor(
    groups: readonly Pick<ClientGroup, "name" | "bytes" | "byteDistributions">[],
    streams: RandomStreams,
    private readonly constant: readonly ({ request: number; response: number } | null)[],
  ) {
    this.drawn = groups.map((g) =>
      g.byteDistributions
        ? {
            draw: streams.stream(`clients/${g.name}/bytes`),
            request: g.byteDistributions.request ? quantile(g.byteDistributions.request) : null,
            response: g.byteDistributions.response ? quantile(g.byteDistributions.response) : null,
          }
        : null,
    );
  }

  /** Whether group g gives sizes at all. */
  has(g: number): boolean {
    return this.constant[g] !== null;
  }

  /** Request r of group g is sent: draws its sizes when the group has distributions. */
  sent(g: number, r: number): void {
    const d = this.drawn[g];
    if (!d) return;
    const sizes = this.constant[g]!;
    this.request[r] = d.request ? d.request(d.draw()) : sizes.request;
    this.response[r] = d.response ? d.response(d.draw()) : sizes.response;
  }

  /** Request r's bytes (`request`) or its response's. */
  of(g: number, r: number, part: "request" | "response"): number {
    const sizes = this.constant[g];
    if (!sizes) return 0;
    if (!this.drawn[g]) return sizes[part];
    return part === "request" ? this.request[r] : this.response[r];
  }
}
