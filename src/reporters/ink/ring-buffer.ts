/**
 * A fixed-capacity ring buffer: the log pane keeps the last N lines of a command that may print
 * millions, so memory stays flat no matter how much output streams through.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private head = 0; // next write position
  private size = 0;
  /** Everything ever pushed, including what fell off the end. */
  total = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    this.total++;
  }

  get length(): number {
    return this.size;
  }

  /** The newest `n` items (all kept items when n is omitted), oldest first. */
  last(n = this.size): T[] {
    const count = Math.max(0, Math.min(n, this.size));
    const out: T[] = new Array<T>(count);
    const start = (this.head - count + this.capacity) % this.capacity;
    for (let i = 0; i < count; i++) out[i] = this.items[(start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.size = 0;
  }
}
