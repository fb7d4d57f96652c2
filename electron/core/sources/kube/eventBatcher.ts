/**
 * Coalesces watch events into one onEvents call per window (50 ms by default).
 *
 * A busy cluster sends thousands of events per second (pod status churn, events). Handing
 * each to the model separately would make every consumer above it (indexes, delta tracker,
 * IPC) pay per-event overhead; one batch per window bounds that to ~20 calls per second while
 * adding at most one window of latency. Events keep their arrival order; a full batch
 * (maxBatch) is delivered at once so memory stays bounded during a relist storm.
 */
import type { WatchEvent } from '../../k8s/objects';

export class EventBatcher {
  private buf: WatchEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deliver: (events: WatchEvent[]) => void,
    private readonly windowMs = 50,
    private readonly maxBatch = 10_000,
  ) {}

  get pending(): number {
    return this.buf.length;
  }

  push(event: WatchEvent): void {
    this.buf.push(event);
    if (this.buf.length >= this.maxBatch) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.windowMs);
  }

  /** Deliver what is pending now (before an onSync of the same source, so order is kept). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buf.length === 0) return;
    const batch = this.buf;
    this.buf = [];
    this.deliver(batch);
  }

  /** Drop pending events (the source stopped; nobody listens). */
  discard(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.buf = [];
  }
}
