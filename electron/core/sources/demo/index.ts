/** Public surface of the demo source (see README.md in this folder). */
export { DemoSource, METRICS_INTERVAL_MS, REALTIME_TICK_MS } from './demoSource';
export type { DemoSourceOptions, StormResult } from './demoSource';
export type { FaultSpec, FaultType, FaultHandle, ActiveFault } from './faults';
export { xidEffect } from './faults';
export { PRESET_SIZES, PRIORITY_CLASSES } from './presets';
export { DEMO_ANNOTATIONS } from './demoAnnotations';
export { renderDcgmExposition, escapeLabelValue, EXPOSITION_CONTENT_TYPE } from './metricsExposition';
export { DEMO_EPOCH_MS } from './virtualClock';
export type { ClockState } from './virtualClock';
export { DEMO_USER } from './demoOps';
export type { AccessPattern, DemoRbac } from './demoOps';
