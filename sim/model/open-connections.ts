// A client group's open connections per node, kept as connections are used and closed, so that
// ActiveConnectionCount costs each bucket the uses since the last one and the nodes, not a scan
// of every client (docs/design.md#performance). A connection is open while it was used at or
// after the cut-off `since` (now less the idle timeout).

/** What the count reads of the clients: per client, its connection's node (-1: none) and last use. */
export interface Connections {
  readonly count: number;
  nodeOf(c: number): number;
  lastUsedOf(c: number): number;
  /** Where in the list of uses the count last put client c's use (kept for it by the clients). */
  entryOf(c: number): number;
  setEntryOf(c: number, entry: number): void;
}

/** The same, from two arrays indexed by client. */
export interface ConnectionArrays {
  readonly connectionNode: Int32Array;
  readonly connectionLastUsed: Float64Array;
}

/** Clients from which OpenConnections marks entries rather than reading the clients (see `marks`). */
export const MARKING_CLIENTS = 1 << 18;

export class OpenConnections {
  /** Per node: connections used at or after `since`. */
  private openAt = new Int32Array(0);
  private since = -Infinity;
  /**
   * Every use since the cut-off, in time order, as a ring of (client, time, node): moving the
   * cut-off forward takes the uses before it off and uncounts the node of a client whose last use
   * that was. A client used twice at one instant is listed once. Whether an entry leaving is still
   * its client's last use is read from the client (`marks` false) or from the entry (`marks` true):
   * there, an entry's node is -1 once it is no longer its client's last use or its client's
   * connection closed, so moving the cut-off reads only the ring. Each way costs a look at memory
   * away from the current request: the client's, as its entry leaves, or the entry's, as the
   * client is used again. Few clients, used often, are still in the cache when their entries leave;
   * many clients, used rarely, are not, while their last entry has left before they come back, so
   * marking costs them nothing (docs/design.md#performance).
   */
  readonly marks: boolean;
  private capacity = 1024;
  /** Entry k: its time in `uses[2k]`, its client and node in `useInts[4k + 2]` and `[4k + 3]` (16 bytes, one cache line). */
  private uses = new Float64Array(2 * 1024);
  private useInts = new Int32Array(this.uses.buffer);
  private head = 0;
  private length = 0;

  private readonly clients: Connections;

  constructor(clients: Connections | ConnectionArrays, marks?: boolean) {
    if ("nodeOf" in clients) this.clients = clients;
    else {
      const entries = new Int32Array(clients.connectionNode.length).fill(-1);
      this.clients = {
        count: clients.connectionNode.length,
        nodeOf: (c) => clients.connectionNode[c],
        lastUsedOf: (c) => clients.connectionLastUsed[c],
        entryOf: (c) => entries[c],
        setEntryOf: (c, entry) => {
          entries[c] = entry;
        },
      };
    }
    this.marks = marks ?? this.clients.count >= MARKING_CLIENTS;
  }

  /**
   * Client c has just used its connection to `node` (its last use is now set to now); `last` is
   * the use before, and `fresh` says the connection is new (any old one was `closed` first).
   */
  used(c: number, node: number, last: number, fresh: boolean, idleTimeout: number): void {
    if (fresh || last < this.since) this.add(node, 1);
    const now = this.clients.lastUsedOf(c);
    // A use at the same instant as the last one is listed already (uses are taken off only once
    // the cut-off is past them, and it is never past now); its node is the connection's now.
    const previous = this.marks ? this.entry(c, last) : -1;
    if (last === now) {
      if (previous >= 0) this.useInts[4 * previous + 3] = node;
      return;
    }
    if (previous >= 0) this.useInts[4 * previous + 3] = -1;
    if (this.length === this.capacity) this.makeRoom(now - idleTimeout);
    const at = (this.head + this.length++) & (this.capacity - 1);
    this.uses[2 * at] = now;
    this.useInts[4 * at + 2] = c;
    this.useInts[4 * at + 3] = node;
    if (this.marks) this.clients.setEntryOf(c, at);
  }

  /** Client c's connection to `node` closes (before its node is cleared). */
  closed(c: number, node: number): void {
    const last = this.clients.lastUsedOf(c);
    if (last >= this.since) this.add(node, -1);
    this.dropped(c);
  }

  /** Client c's connection is forgotten without being counted closed (its node is cleared). */
  dropped(c: number): void {
    if (!this.marks) return;
    const entry = this.entry(c, this.clients.lastUsedOf(c));
    if (entry >= 0) this.useInts[4 * entry + 3] = -1;
  }

  /**
   * The ring slot listing client c's use at `time`, or -1 when it is not there. A use before the
   * cut-off is off the ring already, so it is looked for only from the cut-off on.
   */
  private entry(c: number, time: number): number {
    if (!(time >= this.since)) return -1;
    const at = this.clients.entryOf(c);
    return at >= 0 && at < this.capacity && this.useInts[4 * at + 2] === c && this.uses[2 * at] === time ? at : -1;
  }

  /** Connections used at or after `since`, per node, summed over the nodes for which `counts` is true. */
  count(since: number, counts: (node: number) => boolean): number {
    this.cutAt(since);
    let open = 0;
    for (let n = 0; n < this.openAt.length; n++) if (this.openAt[n] > 0 && counts(n)) open += this.openAt[n];
    return open;
  }

  /** Adds the connections used at or after `since` to `into` by node, for the nodes for which `counts` is true. */
  addByNode(since: number, counts: (node: number) => boolean, into: number[]): void {
    this.cutAt(since);
    for (let n = 0; n < this.openAt.length; n++)
      if (this.openAt[n] > 0 && counts(n)) into[n] = (into[n] ?? 0) + this.openAt[n];
  }

  private cutAt(since: number): void {
    if (since < this.since) this.recount(since);
    else this.advance(since);
  }

  /** Moves the cut-off forward to `since`, uncounting the clients last used before it. */
  private advance(since: number): void {
    const mask = this.capacity - 1;
    const clients = this.clients;
    while (this.length > 0 && this.uses[2 * this.head] < since) {
      if (this.marks) {
        const node = this.useInts[4 * this.head + 3];
        if (node >= 0) this.add(node, -1);
      } else if (clients.lastUsedOf(this.useInts[4 * this.head + 2]) === this.uses[2 * this.head]) {
        const node = clients.nodeOf(this.useInts[4 * this.head + 2]);
        if (node >= 0) this.add(node, -1);
      }
      this.head = (this.head + 1) & mask;
      this.length--;
    }
    this.since = since;
  }

  /**
   * Moves the cut-off back (a `set` event lengthened the idle timeout): uses already taken off
   * count again, so everything is counted afresh from the clients.
   */
  private recount(since: number): void {
    const clients = this.clients;
    this.openAt.fill(0);
    const open: number[] = [];
    for (let c = 0; c < clients.count; c++) {
      if (clients.nodeOf(c) < 0 || !(clients.lastUsedOf(c) >= since)) continue;
      this.add(clients.nodeOf(c), 1);
      open.push(c);
    }
    open.sort((a, b) => clients.lastUsedOf(a) - clients.lastUsedOf(b));
    let capacity = this.capacity;
    while (capacity < open.length) capacity *= 2;
    this.capacity = capacity;
    this.uses = new Float64Array(2 * capacity);
    this.useInts = new Int32Array(this.uses.buffer);
    for (let k = 0; k < open.length; k++) {
      this.uses[2 * k] = clients.lastUsedOf(open[k]);
      this.useInts[4 * k + 2] = open[k];
      this.useInts[4 * k + 3] = clients.nodeOf(open[k]);
      if (this.marks) clients.setEntryOf(open[k], k);
    }
    this.head = 0;
    this.length = open.length;
    this.since = since;
  }

  /** The ring is full: take off what is past the idle timeout already, else double it. */
  private makeRoom(since: number): void {
    if (since >= this.since) this.advance(since);
    if (this.length < this.capacity) return;
    const capacity = this.capacity;
    const uses = new Float64Array(4 * capacity);
    const useInts = new Int32Array(uses.buffer);
    for (let k = 0; k < this.length; k++) {
      const at = (this.head + k) & (capacity - 1);
      uses[2 * k] = this.uses[2 * at];
      useInts[4 * k + 2] = this.useInts[4 * at + 2];
      useInts[4 * k + 3] = this.useInts[4 * at + 3];
      // In time order, so a client's last use is the entry it keeps.
      if (this.marks) this.clients.setEntryOf(useInts[4 * k + 2], k);
    }
    this.capacity = 2 * capacity;
    this.uses = uses;
    this.useInts = useInts;
    this.head = 0;
  }

  private add(node: number, delta: number): void {
    if (node >= this.openAt.length) {
      const grown = new Int32Array(Math.max(node + 1, 2 * this.openAt.length));
      grown.set(this.openAt);
      this.openAt = grown;
    }
    this.openAt[node] += delta;
  }
}
