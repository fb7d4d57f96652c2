/**
 * Keeps the store in step with the backend: snapshot on every (re)connection, then deltas by
 * seq. Deltas are queued as they arrive and applied at most once per animation frame, so
 * thousands of updates per second cost one React render per frame. A gap in seq (a dropped
 * message, or the backend switched sources and jumped seq) triggers a resubscribe.
 */
import type { ModelDelta } from '../../shared/views';
import { shownError } from '../api/backendError';
import type { ClientApi } from '../api/link';
import type { BulwarkStore } from './index';

const STATUS_POLL_MS = 5000;
const MAX_QUEUED = 20_000;

export interface ModelSync {
  resubscribe(): Promise<void>;
  refreshSources(): Promise<void>;
  stop(): void;
}

function frameScheduler(run: () => void): { schedule(): void; cancel(): void } {
  let raf: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    if (raf !== undefined) cancelAnimationFrame(raf);
    clearTimeout(timer);
    raf = undefined;
    timer = undefined;
    run();
  };
  return {
    schedule() {
      if (raf !== undefined || timer !== undefined) return;
      raf = requestAnimationFrame(fire);
      // Hidden windows get no animation frames; still keep the model current, just slower.
      timer = setTimeout(fire, 1000);
    },
    cancel() {
      if (raf !== undefined) cancelAnimationFrame(raf);
      clearTimeout(timer);
    },
  };
}

/** User Timing marks (DevTools, the benchmark): where the time to a first picture goes. */
function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}


export function startModelSync(api: ClientApi, store: BulwarkStore): ModelSync {
  let queue: ModelDelta[] = [];
  let subscribing: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let lastGeneration = -1;

  const flush = () => {
    if (stopped || queue.length === 0) return;
    const state = store.getState();
    if (!state.model.loaded || subscribing) return; // applied after the snapshot lands
    const batch = queue;
    queue = [];
    // Freshness has a 1 s resolution on screen: refresh lastDeltaAt at most once a second.
    const now = Date.now();
    const gap = state.applyDeltaBatch(batch, now - (state.lastDeltaAt ?? 0) >= 1000 ? now : undefined);
    if (gap) void resubscribe();
  };
  const frames = frameScheduler(flush);

  async function doSubscribe(): Promise<void> {
    do {
      again = false;
      try {
        mark('bulwark:subscribe');
        const snapshot = await api.subscribe({});
        if (stopped) return;
        mark('bulwark:snapshot-received');
        store.getState().loadSnapshot(snapshot);
        mark('bulwark:snapshot-loaded');
        store.getState().setSyncError(undefined);
      } catch (err) {
        store.getState().setSyncError(shownError(err));
        return;
      }
    } while (again);
  }

  function resubscribe(): Promise<void> {
    if (subscribing) {
      again = true;
      return subscribing;
    }
    subscribing = doSubscribe().finally(() => {
      subscribing = undefined;
      frames.schedule();
    });
    return subscribing;
  }

  async function refreshStatus(): Promise<void> {
    try {
      store.getState().setStatus(await api.getStatus({}));
    } catch { /* the link state says why */ }
  }

  async function refreshSources(): Promise<void> {
    try {
      store.getState().setSources(await api.listSources({}));
    } catch (err) {
      store.getState().setSources(store.getState().sources, shownError(err));
    }
  }

  const offDelta = api.on('delta', (delta) => {
    queue.push(delta);
    if (queue.length > MAX_QUEUED) {
      // Far behind (a hidden window for a long time): drop the backlog and start afresh.
      queue = [];
      void resubscribe();
      return;
    }
    frames.schedule();
  });

  const offStatus = api.on('status', (status) => {
    const prev = store.getState().status;
    store.getState().setStatus(status);
    const prevName = prev && `${prev.source.kind}:${prev.source.name}:${prev.source.context ?? ''}`;
    const name = `${status.source.kind}:${status.source.name}:${status.source.context ?? ''}`;
    if (prev && prevName !== name) void resubscribe();
  });

  const onLink = () => {
    const info = api.link.info();
    store.getState().setLink(info);
    if (info.state === 'open' && info.generation !== lastGeneration) {
      lastGeneration = info.generation;
      void refreshStatus();
      void refreshSources();
      void resubscribe();
    }
  };
  const offLink = api.link.onChange(onLink);
  onLink();

  const poll = setInterval(() => {
    if (api.link.info().state === 'open') void refreshStatus();
  }, STATUS_POLL_MS);

  return {
    resubscribe,
    refreshSources,
    stop() {
      stopped = true;
      frames.cancel();
      clearInterval(poll);
      offDelta();
      offStatus();
      offLink();
    },
  };
}
