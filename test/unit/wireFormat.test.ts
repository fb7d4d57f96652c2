import { describe, expect, it } from 'vitest';
import { decodeTable, encodeTable } from '../../shared/columnTable';
import { apiOverWebSocket, WsTransport } from '../../renderer/api/wsTransport';

describe('column tables (the wire form of long lists of views)', () => {
  it('round-trip any members, dictionary-encode repeated strings, leave absent members out', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      id: `n/${i}`, zone: 'z1', pod: i % 3 === 0 ? undefined : `ns/p${i % 2}`, index: i, code: i === 4 ? { code: 'x', params: { a: 1 } } : undefined,
    }));
    const t = JSON.parse(JSON.stringify(encodeTable(rows)));
    expect(t.keys).toEqual(['id', 'zone', 'index', 'pod', 'code']);
    expect(t.cols[1]).toEqual({ dict: ['z1'], idx: Array(10).fill(0) });
    expect(Array.isArray(t.cols[0])).toBe(true); // all distinct: plain
    const back = decodeTable<Record<string, unknown>>(t);
    expect(back).toEqual(rows.map((r) => JSON.parse(JSON.stringify(r))));
    expect('pod' in back[0]).toBe(false);
  });

  it('encode lists of objects (a node\'s conditions) as one nested table and each row\'s length', () => {
    const rows = [
      { name: 'a', conditions: [{ type: 'Ready', status: 'True' }, { type: 'DiskPressure', status: 'False', message: 'ok' }] },
      { name: 'b', conditions: [] },
      { name: 'c' },
      { name: 'd', conditions: [{ type: 'Ready', status: 'False' }] },
    ];
    const t = JSON.parse(JSON.stringify(encodeTable(rows)));
    expect(t.cols[1].len).toEqual([2, 0, -1, 1]);
    expect(t.cols[1].table.cols[0]).toEqual({ dict: ['Ready', 'DiskPressure'], idx: [0, 1, 0] });
    expect(decodeTable(t)).toEqual(rows);
  });

  it('read a malformed table as absent members, not a crash', () => {
    expect(decodeTable({ n: 2, keys: ['a', 7 as unknown as string], cols: [null as unknown as unknown[]] })).toEqual([{}, {}]);
    expect(decodeTable(undefined as never)).toEqual([]);
  });
});

class FakeSocket {
  static last: FakeSocket | undefined;
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  constructor(readonly url: string) { FakeSocket.last = this; }
  send(s: string) { this.sent.push(s); }
  close() { this.onclose?.({ code: 1006, reason: '' } as CloseEvent); }
  open() { this.readyState = 1; this.onopen?.({} as Event); }
  receive(msg: unknown) { this.onmessage?.({ data: JSON.stringify(msg) } as MessageEvent); }
}

describe('subscribe on connect', () => {
  it('asks for the snapshot in the URL; the first subscribe of a connection takes the answer, later ones ask', async () => {
    const t = new WsTransport({ url: 'ws://h/api/ws?token=abc', subscribeOnConnect: true, createSocket: (u) => new FakeSocket(u) as unknown as WebSocket, log: () => undefined });
    const api = apiOverWebSocket(t);
    const socket = FakeSocket.last!;
    expect(socket.url).toBe('ws://h/api/ws?token=abc&subscribe=1');
    const first = api.subscribe({});
    socket.open();
    socket.receive({ id: 0, ok: true, result: { seq: 7 } });
    await expect(first).resolves.toEqual({ seq: 7 });
    expect(socket.sent).toEqual([]);
    const second = api.subscribe({});
    expect(JSON.parse(socket.sent[0])).toMatchObject({ method: 'subscribe' });
    socket.receive({ id: JSON.parse(socket.sent[0]).id, ok: true, result: { seq: 9 } });
    await expect(second).resolves.toEqual({ seq: 9 });
    socket.close();
  });
});
