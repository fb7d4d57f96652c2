/**
 * What the renderer knows about actions in flight, from the backend's `actionProgress` events
 * (pushed to every client, whoever started the action): the runs going on now and their latest
 * line (so panels can say "already running" and show progress), a counter of finished runs (the
 * Audit view reloads on it), and a request the command palette asked to open in its target's
 * detail pane.
 *
 * A small store of its own rather than a slice of the app store: it belongs to the actions
 * feature, and nothing else reads it.
 */
import { create } from 'zustand';
import type { ActionProgress, ActionRequest } from '../../../shared/actions';
import type { ReasonView } from '../../../shared/views';
import type { ClientApi } from '../../api/link';

export interface RunningAction {
  id: string;
  request: ActionRequest;
  /** Latest progress line (English), and its code for the user's language. */
  message: string;
  messageCode?: ReasonView;
  /** The last lines, oldest first (bounded). */
  lines: string[];
  /** When the renderer first heard of it (ms epoch, wall clock). */
  seenAt: number;
}

export interface ActivityData {
  running: ReadonlyMap<string, RunningAction>;
  /** Number of `done` events seen: a cheap "something finished" signal. */
  finished: number;
  lastFinished?: ActionProgress;
}

export interface PendingDialog { request: ActionRequest; nonce: number }

export interface ActivityState extends ActivityData {
  /** A request the palette wants opened; the detail pane of its target takes it. */
  pending?: PendingDialog;
}

const MAX_LINES = 40;

/** Pure: the activity after one progress event. */
export function applyProgress(state: ActivityData, p: ActionProgress, now: number): ActivityData {
  const running = new Map(state.running);
  if (p.done) {
    running.delete(p.id);
    return { running, finished: state.finished + 1, lastFinished: p };
  }
  const prev = running.get(p.id);
  const lines = prev ? [...prev.lines, p.message].slice(-MAX_LINES) : [p.message];
  running.set(p.id, { id: p.id, request: p.request, message: p.message, messageCode: p.messageCode, lines, seenAt: prev?.seenAt ?? now });
  return { running, finished: state.finished, lastFinished: state.lastFinished };
}

export const useActionActivity = create<ActivityState>()(() => ({ running: new Map(), finished: 0 }));

const connected = new WeakSet<ClientApi>();

/**
 * Starts listening to `actionProgress` on this API (once per API, for the app's lifetime: a
 * run that finishes while no panel is open must still leave the "running" list). After a
 * reconnect the list is cleared — events may have been missed — and rebuilt from new events.
 */
export function connectActionActivity(api: ClientApi): void {
  if (connected.has(api)) return;
  connected.add(api);
  api.on('actionProgress', (p) => {
    useActionActivity.setState((s) => applyProgress(s, p, Date.now()));
  });
  let generation = api.link.info().generation;
  api.link.onChange((info) => {
    if (info.state === 'open' && info.generation !== generation) {
      generation = info.generation;
      useActionActivity.setState({ running: new Map() });
    }
  });
}

let nonce = 0;
const PENDING_TTL_MS = 10_000;

/** Asks the detail pane of the request's target to open the action dialog (the palette navigates there). */
export function requestActionDialog(request: ActionRequest): void {
  const n = ++nonce;
  useActionActivity.setState({ pending: { request, nonce: n } });
  // If no pane takes it (the target vanished), it must not pop up the next time one opens.
  setTimeout(() => takePendingDialog(n), PENDING_TTL_MS);
}

export function takePendingDialog(n: number): void {
  if (useActionActivity.getState().pending?.nonce === n) useActionActivity.setState({ pending: undefined });
}
