// A binary min-heap of (key, id) pairs, ties broken by the smaller id: the solver's event queue.
// Entries are never updated in place; callers push a new entry and skip stale ones when popping.
// Typed arrays that only grow: one heap serves every cycle without allocating.

export class MinHeap {
  private keys = new Float64Array(16);
  private ids = new Int32Array(16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(key: number, id: number): void {
    if (this.count === this.keys.length) this.grow();
    const keys = this.keys;
    const ids = this.ids;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (!(key < pk || (key === pk && id < ids[parent]!))) break;
      keys[i] = pk;
      ids[i] = ids[parent]!;
      i = parent;
    }
    keys[i] = key;
    ids[i] = id;
  }

  /** The smallest key, or Infinity when empty. */
  peekKey(): number {
    return this.count > 0 ? this.keys[0]! : Infinity;
  }

  /** The id of the smallest entry; only when size > 0. */
  peekId(): number {
    return this.ids[0]!;
  }

  pop(): void {
    const keys = this.keys;
    const ids = this.ids;
    const n = --this.count;
    if (n <= 0) {
      this.count = 0;
      return;
    }
    const lastKey = keys[n]!;
    const lastId = ids[n]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n) {
        const rk = keys[right]!;
        const lk = keys[left]!;
        if (rk < lk || (rk === lk && ids[right]! < ids[left]!)) child = right;
      }
      const ck = keys[child]!;
      if (!(ck < lastKey || (ck === lastKey && ids[child]! < lastId))) break;
      keys[i] = ck;
      ids[i] = ids[child]!;
      i = child;
    }
    keys[i] = lastKey;
    ids[i] = lastId;
  }

  /** Replaces the smallest entry by (key, id): a pop and a push in one sift. Only when size > 0. */
  replaceTop(key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const n = this.count;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n) {
        const rk = keys[right]!;
        const lk = keys[left]!;
        if (rk < lk || (rk === lk && ids[right]! < ids[left]!)) child = right;
      }
      const ck = keys[child]!;
      if (!(ck < key || (ck === key && ids[child]! < id))) break;
      keys[i] = ck;
      ids[i] = ids[child]!;
      i = child;
    }
    keys[i] = key;
    ids[i] = id;
  }

  clear(): void {
    this.count = 0;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.keys = keys;
    this.ids = ids;
  }
}

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
