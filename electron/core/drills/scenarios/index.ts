/** Every built-in drill scenario, in the order the Drills view lists them (easy first). */
import type { DrillScenario } from '../scenario';
import { gpuOffTheBus } from './gpuOffTheBus';

export const SCENARIOS: readonly DrillScenario[] = [gpuOffTheBus];
