/** Every action Bulwark can run, by kind. Adding an action: a module with a definition, and a line here. */
import type { ActionKind } from '../../../shared/actions';
import type { ActionDefinition } from './actionDefinition';
import { cordonAction, uncordonAction } from './cordonNode';
import { drainAction } from './drainNode';
import { failbackAction, failoverAction } from './failoverInference';
import { resetGpuAction } from './resetGpu';
import { restartFromCheckpointAction } from './restartFromCheckpoint';
import { scaleInferenceAction } from './scaleInference';
import { scaleTrainingAction } from './scaleTrainingJob';
import { taintAction, untaintAction } from './taintNode';

export const ACTION_DEFINITIONS: { readonly [K in ActionKind]: ActionDefinition<K> } = {
  cordon: cordonAction,
  uncordon: uncordonAction,
  drain: drainAction,
  taint: taintAction,
  untaint: untaintAction,
  restartFromCheckpoint: restartFromCheckpointAction,
  scaleTraining: scaleTrainingAction,
  scaleInference: scaleInferenceAction,
  failover: failoverAction,
  failback: failbackAction,
  resetGpu: resetGpuAction,
};
