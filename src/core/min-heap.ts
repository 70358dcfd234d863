// The water-fill's heap of line events: one key per line, moved in place, ties broken by the
// smaller id. (Its step events are in step-queue.ts; until session 10 they were in a binary heap
// of (key, id) pairs like the one test-support/reference keeps.)

/**
 * A min-heap holding at most one key per id (0 ≤ id < capacity), ties broken by the smaller id:
 * setting an id's key moves its one entry, so no stale entries pile up. The water-fill's lines.
 */
export class IndexedMinHeap {
  private readonly keys: Float64Array;
  private readonly heap: Int32Array;
  /** Position of each id in heap, or -1 when absent. */
  private readonly pos: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** The smallest key, or Infinity when empty. */
  peekKey(): number {
    return this.count > 0 ? this.keys[this.heap[0]!]! : Infinity;
  }

  /** The id of the smallest entry; only when size > 0. */
  peekId(): number {
    return this.heap[0]!;
  }

  /** Puts id in with this key, or moves it there. */
  set(id: number, key: number): void {
    const p = this.pos[id]!;
    this.keys[id] = key;
    if (p < 0) {
      const i = this.count++;
      this.heap[i] = id;
      this.pos[id] = i;
      this.up(i);
    } else {
      this.up(p);
      this.down(this.pos[id]!);
    }
  }

  /** Takes id out (nothing when absent). */
  remove(id: number): void {
    const p = this.pos[id]!;
    if (p < 0) return;
    this.pos[id] = -1;
    const last = this.heap[--this.count]!;
    if (p === this.count) return;
    this.heap[p] = last;
    this.pos[last] = p;
    this.up(p);
    this.down(this.pos[last]!);
  }

  pop(): void {
    if (this.count > 0) this.remove(this.heap[0]!);
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.pos[this.heap[i]!] = -1;
    this.count = 0;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && a < b);
  }

  private up(i: number): void {
    const { heap, pos } = this;
    const id = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pid = heap[parent]!;
      if (!this.less(id, pid)) break;
      heap[i] = pid;
      pos[pid] = i;
      i = parent;
    }
    heap[i] = id;
    pos[id] = i;
  }

  private down(i: number): void {
    const { heap, pos } = this;
    const n = this.count;
    const id = heap[i]!;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.less(heap[right]!, heap[left]!) ? right : left;
      const cid = heap[child]!;
      if (!this.less(cid, id)) break;
      heap[i] = cid;
      pos[cid] = i;
      i = child;
    }
    heap[i] = id;
    pos[id] = i;
  }
}
