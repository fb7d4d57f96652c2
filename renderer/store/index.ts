/**
 * One zustand store built from slices: the model (what the cluster looks like), the connection
 * (how fresh that picture is) and the UI (what the operator chose to look at). Components read
 * narrow slices with selectors; view models are computed by the pure functions in ./selectors.
 */
import { create } from 'zustand';
import { createConnectionSlice } from './connectionSlice';
import type { ConnectionSlice } from './connectionSlice';
import { createModelSlice } from './modelSlice';
import type { ModelSlice } from './modelSlice';
import { createUiSlice } from './uiSlice';
import type { UiSlice } from './uiSlice';

export type BulwarkState = ModelSlice & ConnectionSlice & UiSlice;

export const useBulwark = create<BulwarkState>()((...a) => ({
  ...createModelSlice(...a),
  ...createConnectionSlice(...a),
  ...createUiSlice(...a),
}));

export type BulwarkStore = typeof useBulwark;
