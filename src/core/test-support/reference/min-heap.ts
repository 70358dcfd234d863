// A binary min-heap of (key, id) pairs, ties broken by the smaller id: the solver's event queue.
// Entries are never updated in place; callers push a new entry and skip stale ones when popping.

export class MinHeap {
  private keys: number[] = [];
  private ids: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    let i = keys.length;
    keys.push(key);
    ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(key, id, keys[parent]!, ids[parent]!)) break;
      keys[i] = keys[parent]!;
      ids[i] = ids[parent]!;
      i = parent;
    }
    keys[i] = key;
    ids[i] = id;
  }

  /** The smallest key, or Infinity when empty. */
  peekKey(): number {
    return this.keys.length > 0 ? this.keys[0]! : Infinity;
  }

  /** The id of the smallest entry; only when size > 0. */
  peekId(): number {
    return this.ids[0]!;
  }

  pop(): void {
    const keys = this.keys;
    const ids = this.ids;
    const lastKey = keys.pop()!;
    const lastId = ids.pop()!;
    const n = keys.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.less(keys[right]!, ids[right]!, keys[left]!, ids[left]!) ? right : left;
      if (!this.less(keys[child]!, ids[child]!, lastKey, lastId)) break;
      keys[i] = keys[child]!;
      ids[i] = ids[child]!;
      i = child;
    }
    keys[i] = lastKey;
    ids[i] = lastId;
  }

  clear(): void {
    this.keys.length = 0;
    this.ids.length = 0;
  }

  private less(k1: number, id1: number, k2: number, id2: number): boolean {
    return k1 < k2 || (k1 === k2 && id1 < id2);
  }
}
