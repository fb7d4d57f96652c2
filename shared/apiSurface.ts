/**
 * The contract's method and event names without zod, for the sandboxed preload (which can only
 * bundle small, dependency-free code). contract.ts checks at compile time that they match.
 */
export const API_METHOD_NAMES = [
  'getStatus', 'listSources', 'connect', 'subscribe', 'getNodeDetail', 'getGpuDetail', 'getWorkloadDetail', 'setClock',
  'previewAction', 'runAction', 'listAudit', 'exportAudit', 'getSettings', 'setSettings',
  'listDrills', 'startDrill', 'drillHint', 'abortDrill', 'getDrillState', 'confirmDrillStep', 'noteViewed', 'openExternal',
] as const;
export const API_EVENT_NAMES = ['delta', 'status', 'actionProgress', 'drill'] as const;
export const IPC_PREFIX = 'bulwark:';
export const IPC_EVENT_CHANNEL = 'bulwark:event';
