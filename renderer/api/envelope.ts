/**
 * Checks what arrives on the WebSocket before anything else touches it. The backend is ours,
 * but a proxy, an old server build or a bug must give a clear message, not a crash deep in a
 * reducer: we accept only well-formed responses and events with names the contract knows.
 */
import { EVENT_NAMES } from '../../shared/contract';
import type { EventName, RpcError, RpcReply, RpcResponse } from '../../shared/contract';
import type { ReasonView } from '../../shared/views';

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
    const { id } = msg;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { kind: 'invalid', reason: 'response id is not an integer' };
    const reply = classifyReply(msg);
    return 'invalid' in reply ? { kind: 'invalid', reason: reply.invalid } : { kind: 'response', response: { ...reply, id } };
  }
  return { kind: 'invalid', reason: 'neither a response nor an event' };
}

/**
 * Checks the answer to one call: the body of a WebSocket response, or what an Electron IPC
 * handler returned. A malformed reason code is dropped, not the error: the message still says
 * what went wrong.
 */
export function classifyReply(msg: unknown): RpcReply | { invalid: string } {
  if (!isRecord(msg)) return { invalid: 'reply is not an object' };
  if (msg.ok === true) return { ok: true, result: msg.result };
  if (msg.ok === false) {
    const err = msg.error;
    if (!isRecord(err) || typeof err.message !== 'string') return { invalid: 'error response without a message' };
    const error: RpcError = { message: err.message, code: typeof err.code === 'string' ? err.code : 'failed' };
    if (isReasonShape(err.reason)) error.reason = err.reason;
    return { ok: false, error };
  }
  return { invalid: 'response without ok' };
}

/** Nesting deeper than this is not something the backend sends (reasonFormat stops there too). */
const MAX_REASON_DEPTH = 6;

/** The shape of a ReasonView; whether its code and parameters make sense is reasonFormat's check. */
export function isReasonShape(v: unknown, depth = 0): v is ReasonView {
  if (!isRecord(v) || typeof v.code !== 'string' || depth > MAX_REASON_DEPTH) return false;
  if (v.params !== undefined && !(isRecord(v.params) && Object.values(v.params).every((p) => typeof p === 'string' || typeof p === 'number'))) return false;
  if (v.nested !== undefined && !(isRecord(v.nested) && Object.values(v.nested).every((n) => isReasonShape(n, depth + 1)))) return false;
  if (v.parts !== undefined && !(Array.isArray(v.parts) && v.parts.every((n) => isReasonShape(n, depth + 1)))) return false;
  return true;
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
