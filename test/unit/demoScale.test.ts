import { describe, expect, it } from 'vitest';
import { DemoSource } from '../../electron/core/sources/demo';
import { EVENT_RING_SIZE } from '../../electron/core/sources/demo/eventRecorder';
import type { WatchEvent } from '../../electron/core/k8s/objects';

describe('demo source at scale', () => {
  it('keeps at most the last 2,000 Events, deleting the oldest with DELETED watch events', () => {
    const src = new DemoSource({ preset: 'lab', realtime: false });
    const batches: WatchEvent[][] = [];
    void src.start({ onSync() {}, onEvents: (e) => batches.push(e), onMetrics() {}, onStatus() {} });
    const node = { kind: 'Node', apiVersion: 'v1', name: 'gpu-h100-a-0001' };
    for (let i = 0; i < EVENT_RING_SIZE + 300; i++) src.simulation.events.record(node, 'Normal', 'Test', `event ${i}`, 'test');
    src.advance(1000);
    expect(src.list('Event').length).toBeLessThanOrEqual(EVENT_RING_SIZE);
    const deleted = batches.flat().filter((e) => e.kind === 'Event' && e.type === 'DELETED');
    expect(deleted.length).toBeGreaterThanOrEqual(300);
    void src.stop();
  });

  it('the large preset steps cheaply and produces a watch-event storm of 2,000+ events per second of work', () => {
    const src = new DemoSource({ preset: 'large', realtime: false });
    let events = 0;
    void src.start({ onSync() {}, onEvents: (e) => { events += e.length; }, onMetrics() {}, onStatus() {} });
    const t0 = performance.now();
    src.advance(10_000);
    const stepMs = (performance.now() - t0) / 10;
    expect(stepMs).toBeLessThan(250);
    events = 0;
    const t1 = performance.now();
    const churn = src.generateChurn(5000);
    const churnMs = performance.now() - t1;
    expect(churn.length).toBeGreaterThan(4000);
    expect(events).toBe(churn.length);
    expect(churn.length / (churnMs / 1000)).toBeGreaterThan(2000);
    void src.stop();
  });
});
