/**
 * GPU metric samples as NVIDIA's dcgm-exporter names and labels them. A sample holds the
 * latest value of each field for one GPU; sources assemble them from a scrape (demo) or from
 * PromQL results (Prometheus source), and the model reads them without knowing which.
 */
export const DCGM_FIELDS = [
  'DCGM_FI_DEV_GPU_UTIL',
  'DCGM_FI_DEV_FB_USED',
  'DCGM_FI_DEV_FB_FREE',
  'DCGM_FI_DEV_GPU_TEMP',
  'DCGM_FI_DEV_POWER_USAGE',
  'DCGM_FI_DEV_SM_CLOCK',
  'DCGM_FI_DEV_XID_ERRORS',
] as const;
export type DcgmField = (typeof DCGM_FIELDS)[number];

/** dcgm-exporter's label set (pod/namespace/container appear when the GPU is assigned to a pod). */
export interface DcgmLabels {
  gpu: string;
  UUID: string;
  device: string;
  modelName: string;
  Hostname: string;
  pod?: string;
  namespace?: string;
  container?: string;
}

export interface DcgmSample {
  labels: DcgmLabels;
  values: Partial<Record<DcgmField, number>>;
}

export const DCGM_HELP: Record<DcgmField, { type: 'gauge' | 'counter'; help: string }> = {
  DCGM_FI_DEV_GPU_UTIL: { type: 'gauge', help: 'GPU utilization (in %).' },
  DCGM_FI_DEV_FB_USED: { type: 'gauge', help: 'Framebuffer memory used (in MiB).' },
  DCGM_FI_DEV_FB_FREE: { type: 'gauge', help: 'Framebuffer memory free (in MiB).' },
  DCGM_FI_DEV_GPU_TEMP: { type: 'gauge', help: 'GPU temperature (in C).' },
  DCGM_FI_DEV_POWER_USAGE: { type: 'gauge', help: 'Power draw (in W).' },
  DCGM_FI_DEV_SM_CLOCK: { type: 'gauge', help: 'SM clock frequency (in MHz).' },
  DCGM_FI_DEV_XID_ERRORS: { type: 'gauge', help: 'Value of the last XID error encountered.' },
};
