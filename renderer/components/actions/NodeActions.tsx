/**
 * Extension point: the node detail pane renders this in its "Actions" area. The actions UI
 * (cordon, drain, taint… with preview, dry-run, typed confirmation) replaces this stub; it
 * receives the live NodeView and can use useApi() for previewAction/runAction.
 */
import type { NodeView } from '../../../shared/views';

export function NodeActions(_props: { node: NodeView }): React.ReactNode {
  return null;
}
