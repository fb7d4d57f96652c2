import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../../renderer/api/backoff';
import { classifyMessage, isPlausiblePayload, parseIncoming } from '../../renderer/api/envelope';
import { extractToken, takeToken, TOKEN_STORAGE_KEY, webSocketUrl } from '../../renderer/api/token';

describe('renderer transport: incoming envelopes', () => {
  it.each([
    ['a success response', '{"id":3,"ok":true,"result":{"x":1}}', 'response'],
    ['an error response', '{"id":4,"ok":false,"error":{"message":"nope","code":"invalid-params"}}', 'response'],
    ['a known event', '{"event":"delta","payload":{"seq":1,"at":2}}', 'event'],
    ['an unknown event', '{"event":"evil","payload":{}}', 'invalid'],
    ['a response without ok', '{"id":1,"result":2}', 'invalid'],
    ['an error without a message', '{"id":1,"ok":false,"error":{}}', 'invalid'],
    ['a non-integer id', '{"id":"1","ok":true}', 'invalid'],
    ['not JSON', '<html>', 'invalid'],
    ['an array', '[1,2]', 'invalid'],
  ])('classifies %s', (_name, text, kind) => {
    expect(parseIncoming(text).kind).toBe(kind);
  });

  it('rejects binary frames', () => {
    expect(parseIncoming(new ArrayBuffer(2)).kind).toBe('invalid');
  });

  it('keeps the error code, defaulting to "failed"', () => {
    const r = classifyMessage({ id: 1, ok: false, error: { message: 'x' } });
    expect(r.kind === 'response' && !r.response.ok && r.response.error.code).toBe('failed');
  });

  it('keeps an error\'s reason code, and drops a malformed one but not the error', () => {
    const reason = { code: 'error.nodeNotFound', params: { name: 'n1' }, nested: { x: { code: 'list', parts: [{ code: 'a' }] } } };
    const ok = classifyMessage({ id: 1, ok: false, error: { message: 'Node n1 not found', code: 'failed', reason } });
    expect(ok.kind === 'response' && !ok.response.ok && ok.response.error.reason).toEqual(reason);
    for (const bad of ['error.nodeNotFound', { params: {} }, { code: 'x', params: { name: { evil: 1 } } }, { code: 'x', parts: [{ code: 3 }] }]) {
      const r = classifyMessage({ id: 1, ok: false, error: { message: 'Node n1 not found', code: 'failed', reason: bad } });
      expect(r.kind === 'response' && !r.response.ok && r.response.error).toEqual({ message: 'Node n1 not found', code: 'failed' });
    }
  });

  it('checks event payload shapes', () => {
    expect(isPlausiblePayload('delta', { seq: 1, at: 1 })).toBe(true);
    expect(isPlausiblePayload('delta', { seq: '1' })).toBe(false);
    expect(isPlausiblePayload('status', { source: { kind: 'demo' }, state: 'live' })).toBe(true);
    expect(isPlausiblePayload('drill', null)).toBe(true);
    expect(isPlausiblePayload('actionProgress', { id: 'a' })).toBe(false);
  });
});

describe('renderer transport: token and URL', () => {
  it('takes the token out of the query and keeps the rest', () => {
    expect(extractToken('?token=abc&x=1')).toEqual({ token: 'abc', rest: '?x=1' });
    expect(extractToken('?token=abc')).toEqual({ token: 'abc', rest: '' });
    expect(extractToken('')).toEqual({ token: undefined, rest: '' });
  });

  it('stores the token for reloads and removes it from the address bar', () => {
    const store = new Map<string, string>();
    const replaced: string[] = [];
    const env = {
      location: { search: '?token=t0k', pathname: '/', hash: '#/nodes' },
      storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
      history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
    };
    expect(takeToken(env)).toBe('t0k');
    expect(store.get(TOKEN_STORAGE_KEY)).toBe('t0k');
    expect(replaced).toEqual(['/#/nodes']);
    // After the reload the address bar has no token: it comes from sessionStorage.
    expect(takeToken({ ...env, location: { search: '', pathname: '/', hash: '' } })).toBe('t0k');
  });

  it('builds ws: and wss: URLs on the page host', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, 'a b')).toBe('ws://127.0.0.1:8080/api/ws?token=a%20b');
    expect(webSocketUrl({ protocol: 'https:', host: 'jump:443' }, undefined)).toBe('wss://jump:443/api/ws');
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(reconnectDelayMs(0, { baseMs: 500, maxMs: 15000 }, () => 1)).toBe(500);
    expect(reconnectDelayMs(3, { baseMs: 500, maxMs: 15000 }, () => 1)).toBe(4000);
    expect(reconnectDelayMs(20, { baseMs: 500, maxMs: 15000 }, () => 1)).toBe(15000);
    expect(reconnectDelayMs(20, { baseMs: 500, maxMs: 15000 }, () => 0)).toBe(125);
  });
});

describe('renderer transport: IPC errors', () => {
  it('drops Electron\'s "Error invoking remote method" prefix', async () => {
    const { cleanIpcError } = await import('../../renderer/api/ipcTransport');
    expect(cleanIpcError(new Error("Error invoking remote method 'bulwark:getNodeDetail': ContractError: Node x not found")).message).toBe('Node x not found');
    expect(cleanIpcError(new Error('plain')).message).toBe('plain');
  });
});
