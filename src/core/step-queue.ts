// The water-fill's queue of step events: (key, id) pairs popped in the order of MinHeap (the
// smallest key, ties by the smaller id), for keys that repeat a lot. A fill's stepped devices wait
// at a few hundred distinct values (6, 7, 8 A; 6.1, 6.2 A; a heat pump's levels), thousands of them
// at each, so a binary heap spent a dozen comparisons per event deciding ties by id, each a branch
// the CPU could not predict: 120-280 ns an event, most of the solver's event loop on the hard
// site at 10,000 devices (docs/benchmarks.md, session 10).
//
// Here every distinct key has a bucket, the buckets sit in key order in typed arrays, and a bucket
// keeps its ids in an unsorted list until it becomes the smallest: then they are sorted once
// (a typed-array sort) and handed out from the front. A fill pushes each device's next value
// above the one it just took, so a push almost never lands at or before the front; when it does,
// the queue still answers as MinHeap would (step-queue.test.ts, against a model and MinHeap).

export class StepQueue {
  /** Per bucket, at [first, last) in ascending key order: its key and the head of its id list. */
  private keys = new Float64Array(64);
  private heads = new Int32Array(64);
  private first = 0;
  private last = 0;
  /** The id lists: entry e holds an id and the next entry of its bucket (-1 ends it). */
  private entryId = new Int32Array(256);
  private entryNext = new Int32Array(256);
  private entries = 0;
  /** The front bucket's ids once sorted: front[frontAt .. frontEnd) (its list is then empty). */
  private front = new Int32Array(256);
  private frontAt = 0;
  private frontEnd = 0;
  private sorted = false;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The smallest key, or Infinity when empty. */
  peekKey(): number {
    return this.count > 0 ? this.keys[this.first]! : Infinity;
  }

  /** The id of the smallest entry; only when size > 0. */
  peekId(): number {
    if (!this.sorted) this.sortFront();
    return this.front[this.frontAt]!;
  }

  push(key: number, id: number): void {
    this.count++;
    let b = this.lowerBound(key);
    if (b < this.last && this.keys[b] === key) {
      if (b === this.first && this.sorted) this.insertFront(id);
      else this.append(b, id);
      return;
    }
    // A new key. Before the front bucket: the front's ids go back to its list first.
    if (b === this.first && this.sorted) this.unsortFront();
    b = this.openBucket(b, key);
    this.append(b, id);
  }

  pop(): void {
    if (this.count === 0) return;
    if (!this.sorted) this.sortFront();
    this.count--;
    if (++this.frontAt === this.frontEnd) {
      this.first++;
      this.sorted = false;
      if (this.count === 0) this.clear();
    }
  }

  /** Replaces the smallest entry by (key, id). Only when size > 0. */
  replaceTop(key: number, id: number): void {
    this.pop();
    this.push(key, id);
  }

  clear(): void {
    this.first = 0;
    this.last = 0;
    this.entries = 0;
    this.sorted = false;
    this.count = 0;
  }

  /** The first bucket position at or after `first` whose key is not below `key`. */
  private lowerBound(key: number): number {
    const keys = this.keys;
    let lo = this.first;
    let hi = this.last;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A new, empty bucket for `key` at position b (the buckets from b on move up); returns where. */
  private openBucket(b: number, key: number): number {
    if (b === this.first && this.first > 0) {
      // Before every bucket, where one was taken: no move.
      this.first--;
      this.keys[this.first] = key;
      this.heads[this.first] = -1;
      return this.first;
    }
    if (this.last === this.keys.length) {
      b = this.compact(b);
      if (this.last === this.keys.length) this.growBuckets();
    }
    this.keys.copyWithin(b + 1, b, this.last);
    this.heads.copyWithin(b + 1, b, this.last);
    this.last++;
    this.keys[b] = key;
    this.heads[b] = -1;
    return b;
  }

  /** Moves the buckets down to position 0; returns where position b went. */
  private compact(b: number): number {
    const shift = this.first;
    if (shift === 0) return b;
    this.keys.copyWithin(0, shift, this.last);
    this.heads.copyWithin(0, shift, this.last);
    this.first = 0;
    this.last -= shift;
    return b - shift;
  }

  private growBuckets(): void {
    this.keys = doubled(this.keys, new Float64Array(2 * this.keys.length));
    this.heads = doubled(this.heads, new Int32Array(2 * this.heads.length));
  }

  private append(b: number, id: number): void {
    if (this.entries === this.entryId.length) {
      this.entryId = doubled(this.entryId, new Int32Array(2 * this.entries));
      this.entryNext = doubled(this.entryNext, new Int32Array(2 * this.entries));
    }
    const e = this.entries++;
    this.entryId[e] = id;
    this.entryNext[e] = this.heads[b]!;
    this.heads[b] = e;
  }

  /** The front bucket's ids into `front`, sorted. */
  private sortFront(): void {
    let k = 0;
    for (let e = this.heads[this.first]!; e !== -1; e = this.entryNext[e]!) {
      if (k === this.front.length) this.growFront();
      this.front[k++] = this.entryId[e]!;
    }
    this.heads[this.first] = -1;
    if (k > SORT_IN_PLACE) this.front.subarray(0, k).sort();
    else insertionSort(this.front, k);
    this.frontAt = 0;
    this.frontEnd = k;
    this.sorted = true;
  }

  /** The front bucket's remaining ids back into its list (a smaller key came in). */
  private unsortFront(): void {
    const b = this.first;
    for (let i = this.frontAt; i < this.frontEnd; i++) this.append(b, this.front[i]!);
    this.sorted = false;
  }

  /** An id into the sorted front, in its place. */
  private insertFront(id: number): void {
    if (this.frontEnd === this.front.length) this.growFront();
    const front = this.front;
    let i = this.frontEnd++;
    while (i > this.frontAt && front[i - 1]! > id) {
      front[i] = front[i - 1]!;
      i--;
    }
    front[i] = id;
  }

  private growFront(): void {
    this.front = doubled(this.front, new Int32Array(2 * this.front.length));
  }
}

/** `into` (twice the size) with `from` copied to its start. */
function doubled<T extends Float64Array | Int32Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

/** Up to this many ids a bucket is sorted in place (a subarray to sort is an object per bucket). */
const SORT_IN_PLACE = 16;

function insertionSort(a: Int32Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i;
    while (j > 0 && a[j - 1]! > v) {
      a[j] = a[j - 1]!;
      j--;
    }
    a[j] = v;
  }
}
