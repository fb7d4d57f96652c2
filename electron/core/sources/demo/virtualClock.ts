/**
 * The demo's clock. Virtual time starts at a fixed instant, whatever the seed, so a drill
 * replayed tomorrow shows the same timestamps; it only moves when the simulation steps.
 */

/** 2026-01-01T00:00:00Z. */
export const DEMO_EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** The simulation advances in whole steps of this many virtual milliseconds. */
export const STEP_MS = 1000;

export const MIN_SPEED = 1;
export const MAX_SPEED = 1000;

export interface ClockState { now: number; speed: number; paused: boolean }

export class VirtualClock {
  now = DEMO_EPOCH_MS;
  speed: number;
  paused = false;

  constructor(speed = 1) {
    this.speed = clampSpeed(speed);
  }

  setSpeed(speed: number): void {
    this.speed = clampSpeed(speed);
  }

  /** Seconds since the demo epoch (handy integer key for noise). */
  get seconds(): number {
    return Math.floor((this.now - DEMO_EPOCH_MS) / 1000);
  }

  state(): ClockState {
    return { now: this.now, speed: this.speed, paused: this.paused };
  }
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return MIN_SPEED;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** RFC 3339 with second precision, as the API server writes metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
