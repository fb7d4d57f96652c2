import type { StateCreator } from 'zustand';
import type { ModelDelta, ModelSnapshot } from '../../shared/views';
import { applyDeltas, emptyModel, modelFromSnapshot } from './modelData';
import type { ModelData } from './modelData';
import type { BulwarkState } from './index';

export interface ModelSlice {
  model: ModelData;
  /** Replaces the model with a snapshot (after subscribe). */
  loadSnapshot(snapshot: ModelSnapshot): void;
  /**
   * Applies a batch of deltas in one state update (model and the connection's lastDeltaAt
   * together: one notification per frame); returns true when a gap needs a resubscribe.
   */
  applyDeltaBatch(deltas: readonly ModelDelta[], receivedAt?: number): boolean;
  clearModel(): void;
}

export const createModelSlice: StateCreator<BulwarkState, [], [], ModelSlice> = (set, get) => ({
  model: emptyModel(),
  loadSnapshot(snapshot) {
    set({ model: modelFromSnapshot(snapshot) });
  },
  applyDeltaBatch(deltas, receivedAt) {
    const { model, gap, applied } = applyDeltas(get().model, deltas);
    if (applied > 0) set(receivedAt !== undefined ? { model, lastDeltaAt: receivedAt } : { model });
    else if (receivedAt !== undefined) set({ lastDeltaAt: receivedAt });
    return gap;
  },
  clearModel() {
    set({ model: emptyModel() });
  },
});
