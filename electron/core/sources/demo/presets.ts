/**
 * What each demo preset contains: node pools per zone and the workloads of each team. Pure
 * data, independent of the seed, so drills and docs can name the same nodes and jobs on every
 * run (the seed changes uids, timings and telemetry, not the topology).
 */
import type { DemoPreset } from '../../../../shared/contract';
import { Rng } from './rng';

export const PRESET_SIZES: Record<DemoPreset, { nodes: number; gpus: number }> = {
  lab: { nodes: 4, gpus: 32 },
  region: { nodes: 64, gpus: 512 },
  large: { nodes: 2000, gpus: 16000 },
};

/** PriorityClass values (cluster-scoped objects the demo does not list; pods carry both name and value). */
export const PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'inference-critical': 1000000,
  'training-urgent': 100000,
  'training-high': 10000,
  'training-standard': 5000,
  'batch-low': 1000,
  'research-low': 500,
};

/** Value for a priority class name; unknown names (from a fault spec) rank as urgent. */
export function priorityValue(className: string | undefined): number {
  if (!className) return 0;
  return PRIORITY_CLASSES[className] ?? PRIORITY_CLASSES['training-urgent'];
}

export type PoolId = 'h100' | 'a100';

export interface GpuModelSpec {
  product: string;
  /** DCGM modelName label. */
  modelName: string;
  memoryMiB: number;
  maxSmClockMHz: number;
  idleSmClockMHz: number;
  maxPowerW: number;
  idlePowerW: number;
  instanceType: string;
  cpu: number;
  memoryGi: number;
  /** CPU cores a GPU pod asks for per GPU (the node's cores split over its GPUs, minus system reserve). */
  cpuPerGpu: number;
}

export const GPU_MODELS: Record<PoolId, GpuModelSpec> = {
  h100: {
    product: 'NVIDIA-H100-80GB-HBM3',
    modelName: 'NVIDIA H100 80GB HBM3',
    memoryMiB: 81559,
    maxSmClockMHz: 1980,
    idleSmClockMHz: 345,
    maxPowerW: 700,
    idlePowerW: 72,
    instanceType: 'a3-highgpu-8g',
    cpu: 208,
    memoryGi: 1872,
    cpuPerGpu: 22,
  },
  a100: {
    product: 'NVIDIA-A100-SXM4-80GB',
    modelName: 'NVIDIA A100-SXM4-80GB',
    memoryMiB: 81920,
    maxSmClockMHz: 1410,
    idleSmClockMHz: 210,
    maxPowerW: 400,
    idlePowerW: 58,
    instanceType: 'a2-ultragpu-8g',
    cpu: 96,
    memoryGi: 1360,
    cpuPerGpu: 10,
  },
};

export interface NodePoolPlan { pool: PoolId; gpusPerNode: number; nodesPerZone: number[] }

export interface TrainingPlan {
  namespace: string;
  name: string;
  pool: PoolId;
  /** Non-elastic jobs have a Master replica plus `workers`; elastic jobs are Worker-only (torchrun). */
  master: boolean;
  workers: number;
  gpusPerPod: number;
  elastic?: { min: number; max: number; maxRestarts: number };
  priorityClass: string;
  backoffLimit: number;
  checkpointIntervalSec: number;
  storage: string;
  rpoSec: number;
  rtoSec: number;
  /** Planned run length at full size, in days of training, and how far along it starts (0..1). */
  totalDays: number;
  startProgress: number;
  /** Global batch (samples per step) and samples per second per pod at full clock. */
  globalBatch: number;
  samplesPerSecPerPod: number;
  /** A PodDisruptionBudget with minAvailable = all replicas (gang jobs cannot lose a pod). */
  pdb: boolean;
  image: string;
}

export interface InferencePlan {
  namespace: string;
  name: string;
  pool: PoolId;
  gpusPerReplica: number;
  primary: { zone: string; replicas: number };
  standby: { zone: string; replicas: number };
  /** Requests per second one ready replica serves at saturation. */
  rpsPerReplica: number;
  /** Mean offered load (follows a daily curve). */
  baseLoadRps: number;
  baseLatencyMs: number;
  pdbMinAvailable: number;
  image: string;
}

export interface BatchPlan {
  namespace: string;
  /** CronJob name; each run is a batch/v1 Job `<name>-<run>`. */
  name: string;
  pool: PoolId;
  parallelism: number;
  gpusPerPod: number;
  durationSec: number;
  /** Seconds between a run finishing and the next one starting. */
  gapSec: number;
  priorityClass: string;
  image: string;
}

export interface CpuPlan { namespace: string; name: string; replicas: number; cpuMilli: number; memoryMi: number; image: string }

export interface ClusterPlan {
  preset: DemoPreset;
  region: string;
  zones: string[];
  pools: NodePoolPlan[];
  training: TrainingPlan[];
  inference: InferencePlan[];
  batch: BatchPlan[];
  cpu: CpuPlan[];
}

const REGION = 'us-central1';
const ZONES = ['us-central1-a', 'us-central1-b', 'us-central1-c'];

const IMG = {
  pytorch: 'nvcr.io/nvidia/pytorch:25.01-py3',
  vllm: 'vllm/vllm-openai:v0.8.4',
  tei: 'ghcr.io/huggingface/text-embeddings-inference:1.6',
  eval: 'ghcr.io/bulwark-demo/lm-eval-harness:0.4.7',
  cpu: 'ghcr.io/bulwark-demo/data-worker:2.3.1',
  gateway: 'envoyproxy/envoy:v1.33.0',
};

function training(p: Partial<TrainingPlan> & Pick<TrainingPlan, 'namespace' | 'name' | 'pool' | 'workers'>): TrainingPlan {
  return {
    master: !p.elastic,
    gpusPerPod: 8,
    priorityClass: 'training-standard',
    backoffLimit: 10,
    checkpointIntervalSec: 1800,
    storage: `s3://ckpt-${p.namespace}/${p.name}`,
    rpoSec: 2 * (p.checkpointIntervalSec ?? 1800),
    rtoSec: 1800,
    totalDays: 10,
    startProgress: 0.3,
    globalBatch: 1024,
    samplesPerSecPerPod: 96,
    pdb: false,
    image: IMG.pytorch,
    ...p,
  };
}

function lab(): ClusterPlan {
  return {
    preset: 'lab',
    region: REGION,
    zones: [ZONES[0]],
    pools: [{ pool: 'h100', gpusPerNode: 8, nodesPerZone: [4] }],
    training: [
      training({ namespace: 'research', name: 'llama-8b-finetune', pool: 'h100', workers: 1, checkpointIntervalSec: 600, storage: 'pvc://lab-ckpt/llama-8b', rtoSec: 900, totalDays: 9, startProgress: 0.42, globalBatch: 256, samplesPerSecPerPod: 120, pdb: true, priorityClass: 'training-high' }),
      training({ namespace: 'research', name: 'vit-elastic', pool: 'h100', workers: 2, gpusPerPod: 4, elastic: { min: 1, max: 3, maxRestarts: 10 }, checkpointIntervalSec: 300, storage: 'pvc://lab-ckpt/vit', rtoSec: 600, totalDays: 7, startProgress: 0.18, globalBatch: 512, samplesPerSecPerPod: 220, priorityClass: 'research-low' }),
    ],
    inference: [
      { namespace: 'inference-prod', name: 'chat-8b', pool: 'h100', gpusPerReplica: 1, primary: { zone: ZONES[0], replicas: 2 }, standby: { zone: ZONES[0], replicas: 1 }, rpsPerReplica: 40, baseLoadRps: 52, baseLatencyMs: 180, pdbMinAvailable: 1, image: IMG.vllm },
    ],
    batch: [
      { namespace: 'batch-eval', name: 'eval-smoke', pool: 'h100', parallelism: 1, gpusPerPod: 1, durationSec: 5400, gapSec: 600, priorityClass: 'batch-low', image: IMG.eval },
    ],
    cpu: [
      { namespace: 'data-pipeline', name: 'tokenizer', replicas: 2, cpuMilli: 4000, memoryMi: 8192, image: IMG.cpu },
    ],
  };
}

function region(): ClusterPlan {
  const [a, b, c] = ZONES;
  return {
    preset: 'region',
    region: REGION,
    zones: ZONES,
    pools: [
      { pool: 'h100', gpusPerNode: 8, nodesPerZone: [14, 13, 13] },
      { pool: 'a100', gpusPerNode: 8, nodesPerZone: [8, 8, 8] },
    ],
    training: [
      training({ namespace: 'llm-pretrain', name: 'llama-70b-pretrain', pool: 'h100', workers: 15, priorityClass: 'training-high', checkpointIntervalSec: 1800, storage: 's3://ckpt-llm-pretrain/llama-70b', rtoSec: 2700, totalDays: 21, startProgress: 0.37, globalBatch: 2048, samplesPerSecPerPod: 64, pdb: true }),
      training({ namespace: 'llm-pretrain', name: 'mixtral-8x7b-sft', pool: 'h100', workers: 6, elastic: { min: 4, max: 8, maxRestarts: 20 }, checkpointIntervalSec: 900, storage: 's3://ckpt-llm-pretrain/mixtral-sft', rtoSec: 1200, totalDays: 12, startProgress: 0.55, globalBatch: 512, samplesPerSecPerPod: 88 }),
      training({ namespace: 'research', name: 'rlhf-reward-7b', pool: 'h100', workers: 3, checkpointIntervalSec: 600, storage: 'pvc://research-ckpt/rlhf-reward', rtoSec: 900, totalDays: 8, startProgress: 0.21, globalBatch: 256, samplesPerSecPerPod: 140 }),
      training({ namespace: 'research', name: 'diffusion-ablation', pool: 'h100', workers: 2, elastic: { min: 1, max: 4, maxRestarts: 10 }, priorityClass: 'research-low', checkpointIntervalSec: 1200, storage: 'pvc://research-ckpt/diffusion', rtoSec: 1800, totalDays: 10, startProgress: 0.34, globalBatch: 256, samplesPerSecPerPod: 210 }),
      training({ namespace: 'vision', name: 'vit-huge-pretrain', pool: 'a100', workers: 8, elastic: { min: 4, max: 12, maxRestarts: 20 }, checkpointIntervalSec: 1200, storage: 's3://ckpt-vision/vit-huge', rtoSec: 1800, totalDays: 9, startProgress: 0.48, globalBatch: 4096, samplesPerSecPerPod: 410 }),
      training({ namespace: 'vision', name: 'detr-finetune', pool: 'a100', workers: 3, checkpointIntervalSec: 600, storage: 's3://ckpt-vision/detr', rtoSec: 900, totalDays: 7, startProgress: 0.12, globalBatch: 256, samplesPerSecPerPod: 180, pdb: true }),
      training({ namespace: 'research', name: 'protein-fold', pool: 'a100', workers: 1, priorityClass: 'research-low', checkpointIntervalSec: 900, storage: 'pvc://research-ckpt/protein', rtoSec: 1800, totalDays: 12, startProgress: 0.57, globalBatch: 128, samplesPerSecPerPod: 36 }),
      training({ namespace: 'research', name: 'llm-distill-1b', pool: 'a100', workers: 2, elastic: { min: 1, max: 3, maxRestarts: 10 }, priorityClass: 'research-low', checkpointIntervalSec: 900, storage: 'pvc://research-ckpt/distill', rtoSec: 1200, totalDays: 9, startProgress: 0.33, globalBatch: 512, samplesPerSecPerPod: 260 }),
    ],
    inference: [
      { namespace: 'inference-prod', name: 'chat-llama-70b', pool: 'h100', gpusPerReplica: 4, primary: { zone: a, replicas: 4 }, standby: { zone: b, replicas: 4 }, rpsPerReplica: 14, baseLoadRps: 38, baseLatencyMs: 420, pdbMinAvailable: 3, image: IMG.vllm },
      { namespace: 'inference-prod', name: 'embed-e5-large', pool: 'h100', gpusPerReplica: 1, primary: { zone: b, replicas: 4 }, standby: { zone: c, replicas: 2 }, rpsPerReplica: 350, baseLoadRps: 880, baseLatencyMs: 18, pdbMinAvailable: 2, image: IMG.tei },
      { namespace: 'inference-prod', name: 'code-assist-34b', pool: 'h100', gpusPerReplica: 2, primary: { zone: c, replicas: 3 }, standby: { zone: a, replicas: 2 }, rpsPerReplica: 22, baseLoadRps: 41, baseLatencyMs: 260, pdbMinAvailable: 2, image: IMG.vllm },
    ],
    batch: [
      { namespace: 'batch-eval', name: 'eval-mmlu', pool: 'a100', parallelism: 4, gpusPerPod: 2, durationSec: 3 * 3600, gapSec: 1800, priorityClass: 'batch-low', image: IMG.eval },
      { namespace: 'batch-eval', name: 'eval-humaneval', pool: 'a100', parallelism: 2, gpusPerPod: 4, durationSec: 2 * 3600, gapSec: 2400, priorityClass: 'batch-low', image: IMG.eval },
      { namespace: 'batch-eval', name: 'eval-coco', pool: 'a100', parallelism: 4, gpusPerPod: 1, durationSec: 5400, gapSec: 1200, priorityClass: 'batch-low', image: IMG.eval },
      { namespace: 'research', name: 'hparam-sweep', pool: 'a100', parallelism: 8, gpusPerPod: 1, durationSec: 4 * 3600, gapSec: 900, priorityClass: 'research-low', image: IMG.pytorch },
    ],
    cpu: [
      { namespace: 'data-pipeline', name: 'tokenizer', replicas: 16, cpuMilli: 4000, memoryMi: 16384, image: IMG.cpu },
      { namespace: 'data-pipeline', name: 'shard-prefetch', replicas: 12, cpuMilli: 2000, memoryMi: 8192, image: IMG.cpu },
      { namespace: 'platform', name: 'inference-gateway', replicas: 6, cpuMilli: 1000, memoryMi: 2048, image: IMG.gateway },
    ],
  };
}

/**
 * 2,000 nodes / 16,000 GPUs / ~30,000 pods: generated from a fixed stream so it is the same on
 * every run. About 85 % of GPUs are requested; most pods are small CPU pods (data loaders,
 * gateways) and DaemonSet pods, as on real GPU fleets.
 */
function large(): ClusterPlan {
  const rng = new Rng(0x1a29e);
  const pools: NodePoolPlan[] = [
    { pool: 'h100', gpusPerNode: 8, nodesPerZone: [400, 400, 400] },
    { pool: 'a100', gpusPerNode: 8, nodesPerZone: [267, 267, 266] },
  ];
  const trainTeams = ['llm-pretrain', 'research', 'vision', 'speech', 'recsys', 'multimodal'];
  const sizes = [512, 256, 128, 128, 64, 64, 64, 32, 32, 32, 16, 16, 16];
  const trainingPlans: TrainingPlan[] = [];
  const budget: Record<PoolId, number> = { h100: 6600, a100: 3400 };
  let n = 0;
  for (const pool of ['h100', 'a100'] as PoolId[]) {
    let used = 0;
    let i = 0;
    while (used < budget[pool]) {
      const gpus = Math.min(sizes[i++ % sizes.length], Math.max(16, budget[pool] - used));
      const pods = Math.max(2, Math.floor(gpus / 8));
      const team = trainTeams[n % trainTeams.length];
      const elastic = n % 5 === 1 || n % 5 === 3;
      const interval = [600, 900, 1200, 1800][n % 4];
      const name = `${team === 'llm-pretrain' ? 'pretrain' : 'train'}-${pool}-${String(++n).padStart(3, '0')}`;
      trainingPlans.push(training({
        namespace: team,
        name,
        pool,
        workers: elastic ? pods : pods - 1,
        elastic: elastic ? { min: Math.max(1, Math.ceil(pods / 2)), max: pods + Math.ceil(pods / 4), maxRestarts: 20 } : undefined,
        priorityClass: ['training-high', 'training-standard', 'training-standard', 'research-low'][n % 4],
        checkpointIntervalSec: interval,
        rpoSec: interval * 2,
        rtoSec: 1800,
        totalDays: 8 + rng.int(20),
        startProgress: Math.round(rng.range(0.05, 0.6) * 100) / 100,
        globalBatch: 256 * (1 + rng.int(8)),
        samplesPerSecPerPod: 40 + rng.int(300),
        pdb: n % 7 === 0,
      }));
      used += pods * 8;
    }
  }

  const inference: InferencePlan[] = [];
  const infNames = ['chat', 'embed', 'rerank', 'code', 'vision', 'asr', 'tts', 'moderation', 'summarize', 'translate'];
  const gpusPerReplicaChoices = [1, 1, 1, 2, 2, 4];
  const infBudget: Record<PoolId, number> = { h100: 1600, a100: 1000 };
  let k = 0;
  for (const pool of ['h100', 'a100'] as PoolId[]) {
    let used = 0;
    while (used < infBudget[pool]) {
      const g = gpusPerReplicaChoices[k % gpusPerReplicaChoices.length];
      const replicas = Math.max(2, Math.round((g === 1 ? 24 : g === 2 ? 10 : 6) * rng.range(0.6, 1.4)));
      const standby = Math.max(1, Math.round(replicas * 0.5));
      const zp = k % 3;
      const base = g === 1 ? 300 : g === 2 ? 24 : 12;
      inference.push({
        namespace: k % 4 === 3 ? 'inference-staging' : 'inference-prod',
        name: `${infNames[k % infNames.length]}-${pool}-${String(k + 1).padStart(2, '0')}`,
        pool,
        gpusPerReplica: g,
        primary: { zone: ZONES[zp], replicas },
        standby: { zone: ZONES[(zp + 1) % 3], replicas: standby },
        rpsPerReplica: base,
        baseLoadRps: Math.round(base * replicas * rng.range(0.45, 0.7)),
        baseLatencyMs: g === 1 ? 20 + rng.int(30) : 150 + rng.int(300),
        pdbMinAvailable: Math.max(1, replicas - 2),
        image: g === 1 ? IMG.tei : IMG.vllm,
      });
      used += g * (replicas + standby);
      k++;
    }
  }

  const batch: BatchPlan[] = [];
  for (let j = 0; j < 240; j++) {
    const g = j % 3 === 0 ? 2 : 1;
    batch.push({
      namespace: j % 5 === 4 ? 'research' : 'batch-eval',
      name: `eval-${String(j + 1).padStart(3, '0')}`,
      pool: 'a100',
      parallelism: 2 + (j % 4),
      gpusPerPod: g,
      durationSec: 3600 * (1 + (j % 6)),
      gapSec: 600 + 300 * (j % 5),
      priorityClass: j % 5 === 4 ? 'research-low' : 'batch-low',
      image: IMG.eval,
    });
  }

  const cpu: CpuPlan[] = [];
  const cpuTeams = ['data-pipeline', 'feature-store', 'platform', 'observability'];
  for (let j = 0; j < 100; j++) {
    cpu.push({
      namespace: cpuTeams[j % cpuTeams.length],
      name: `${['tokenizer', 'shard-loader', 'gateway', 'log-shipper', 'feature-server'][j % 5]}-${String(j + 1).padStart(3, '0')}`,
      replicas: 200 + (j % 7),
      cpuMilli: [500, 1000, 2000][j % 3],
      memoryMi: [1024, 2048, 4096][j % 3],
      image: IMG.cpu,
    });
  }

  return { preset: 'large', region: REGION, zones: ZONES, pools, training: trainingPlans, inference, batch, cpu };
}

export function clusterPlan(preset: DemoPreset): ClusterPlan {
  switch (preset) {
    case 'lab': return lab();
    case 'region': return region();
    case 'large': return large();
  }
}

/** `us-central1-b` → `b`: the zone letter used in node names. */
export function zoneLetter(zone: string): string {
  return zone.slice(zone.lastIndexOf('-') + 1);
}

/** `gpu-h100-a-0001`. */
export function nodeName(pool: PoolId, zone: string, ordinal: number): string {
  return `gpu-${pool}-${zoneLetter(zone)}-${String(ordinal).padStart(4, '0')}`;
}

/** DaemonSets on every GPU node (namespace, name, cpu millicores). */
export const DAEMON_SETS: readonly { namespace: string; name: string; cpuMilli: number; image: string }[] = [
  { namespace: 'gpu-operator', name: 'nvidia-device-plugin-daemonset', cpuMilli: 50, image: 'nvcr.io/nvidia/k8s-device-plugin:v0.17.0' },
  { namespace: 'gpu-operator', name: 'nvidia-dcgm-exporter', cpuMilli: 100, image: 'nvcr.io/nvidia/k8s/dcgm-exporter:3.3.9-3.6.1-ubuntu22.04' },
  { namespace: 'kube-system', name: 'kube-proxy', cpuMilli: 100, image: 'registry.k8s.io/kube-proxy:v1.31.4' },
];
