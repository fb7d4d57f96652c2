/** Every built-in drill scenario, in the order the Drills view lists them (easy first). */
import type { DrillScenario } from '../scenario';
import { checkpointStorageFull } from './checkpointStorageFull';
import { eccStorm } from './eccStorm';
import { gpuOffTheBus } from './gpuOffTheBus';
import { ncclHang } from './ncclHang';
import { nodeNotReady } from './nodeNotReady';
import { priorityPreemption } from './priorityPreemption';
import { strayTaint } from './strayTaint';
import { thermalStraggler } from './thermalStraggler';
import { zoneOutage } from './zoneOutage';

export const SCENARIOS: readonly DrillScenario[] = [
  gpuOffTheBus,
  nodeNotReady,
  strayTaint,
  eccStorm,
  ncclHang,
  thermalStraggler,
  checkpointStorageFull,
  priorityPreemption,
  zoneOutage,
];
