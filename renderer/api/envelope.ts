/**
 * Checks what arrives on the WebSocket before anything else touches it. The backend is ours,
 * but a proxy, an old server build or a bug must give a clear message, not a crash deep in a
 * reducer: we accept only well-formed responses and events with names the contract knows.
 */
import { EVENT_NAMES } from '../../shared/contract';
import type { EventName, RpcResponse } from '../../shared/contract';

export type Incoming =
  | { kind: 'response'; response: RpcResponse }
  | { kind: 'event'; event: EventName; payload: unknown }
  | { kind: 'invalid'; reason: string };

const EVENTS = new Set<string>(EVENT_NAMES);

export function isKnownEvent(name: unknown): name is EventName {
  return typeof name === 'string' && EVENTS.has(name);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses one WebSocket text frame. */
export function parseIncoming(data: unknown): Incoming {
  if (typeof data !== 'string') return { kind: 'invalid', reason: 'binary frame' };
  let msg: unknown;
  try {
    msg = JSON.parse(data);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  return classifyMessage(msg);
}

export function classifyMessage(msg: unknown): Incoming {
  if (!isRecord(msg)) return { kind: 'invalid', reason: 'not an object' };
  if ('event' in msg) {
    if (!isKnownEvent(msg.event)) return { kind: 'invalid', reason: `unknown event ${String(msg.event).slice(0, 40)}` };
    return { kind: 'event', event: msg.event, payload: msg.payload };
  }
  if ('id' in msg) {
    const { id, ok } = msg;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { kind: 'invalid', reason: 'response id is not an integer' };
    if (ok === true) return { kind: 'response', response: { id, ok: true, result: msg.result } };
    if (ok === false) {
      const err = msg.error;
      if (!isRecord(err) || typeof err.message !== 'string') return { kind: 'invalid', reason: 'error response without a message' };
      return { kind: 'response', response: { id, ok: false, error: { message: err.message, code: typeof err.code === 'string' ? err.code : 'failed' } } };
    }
    return { kind: 'invalid', reason: 'response without ok' };
  }
  return { kind: 'invalid', reason: 'neither a response nor an event' };
}

/** Cheap structural checks of event payloads, so a malformed push is dropped with a warning. */
export function isPlausiblePayload(event: EventName, payload: unknown): boolean {
  switch (event) {
    case 'delta':
      return isRecord(payload) && typeof payload.seq === 'number' && typeof payload.at === 'number';
    case 'status':
      return isRecord(payload) && isRecord(payload.source) && typeof payload.state === 'string';
    case 'actionProgress':
      return isRecord(payload) && typeof payload.id === 'string' && typeof payload.message === 'string';
    case 'drill':
      return payload === null || (isRecord(payload) && typeof payload.scenarioId === 'string');
    default:
      return false;
  }
}
