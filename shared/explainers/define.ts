import type { Explainer } from './types';
import type { ExplainerId } from './ids';

/** An explainer whose own id and related ids are checked against EXPLAINER_IDS at compile time. */
export type TypedExplainer = Omit<Explainer, 'id' | 'related'> & { id: ExplainerId; related: ExplainerId[] };

export function defineExplainers(list: TypedExplainer[]): Explainer[] {
  return list;
}
