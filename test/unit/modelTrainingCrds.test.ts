import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import type { KubeObject, ResourceKind, V1Pod } from '../../electron/core/k8s/objects';
import type { WorkloadHealth, WorkloadView } from '../../shared/views';
import { T0, batchJob, k8sEvent, node } from './modelFixtures';
import { jobSet, jobSetChildJob, jobSetPod, kueueWorkload, rayJob, rayPod, volcanoJob, volcanoPod, type JobSetOpts } from './trainingCrdFixtures';

const JOBSET = 'JobSet/research/llm-pretrain';
const VCJOB = 'VolcanoJob/research/mpi-bert';
const RAYJOB = 'RayJob/research/rl-tune';
const RAY_CLUSTER = 'rl-tune-raycluster-7xk2p';

function model(objects: Partial<Record<ResourceKind, KubeObject[]>>): ClusterModel {
  const m = new ClusterModel({ now: () => T0 });
  m.onSync('Node', [node('n1'), node('n2')]);
  for (const [kind, list] of Object.entries(objects)) m.onSync(kind as ResourceKind, list);
  return m;
}

/** 2 Jobs × 2 pods × 4 GPUs: pods 0 on n1, pods 1 on n2. */
function jobSetCluster(o: JobSetOpts = {}, pods?: V1Pod[]) {
  return model({
    JobSet: [jobSet('llm-pretrain', o)],
    Job: [jobSetChildJob('llm-pretrain', 0), jobSetChildJob('llm-pretrain', 1)],
    Pod: pods ?? [0, 1].flatMap((j) => [0, 1].map((p) => jobSetPod('llm-pretrain', j, p, { node: p === 0 ? 'n1' : 'n2' }))),
  });
}

describe('JobSet', () => {
  it('is one training workload holding its child Jobs\' pods and GPUs; the child Jobs are not listed', () => {
    const m = jobSetCluster();
    const w = m.workload(JOBSET)!;
    expect(w).toMatchObject({ kind: 'JobSet', type: 'training', health: 'healthy', gpus: 16, replicas: { desired: 4, ready: 4 } });
    expect(w.reason).toBe('4/4 pods running');
    expect(w.placement.map((p) => [p.node, p.gpus])).toEqual([['n1', 8], ['n2', 8]]);
    expect([...m.workloads()].map((x) => x.key)).toEqual([JOBSET]);
    // GPU allocation by workload: the GPU map and the KPI name the JobSet, not the child Job.
    expect(m.gpusOfNode('n1').filter((g) => g.workload === JOBSET)).toHaveLength(8);
    expect(m.kpis().byWorkload).toEqual([{ workload: JOBSET, gpus: 16 }]);
    expect(m.workloadOfPod('research/llm-pretrain-workers-1-0-x7k2p')).toBe(JOBSET);
  });

  const cases: { name: string; o: JobSetOpts; pods?: V1Pod[]; health: WorkloadHealth; reason: string }[] = [
    { name: 'a Failed condition fails it with its message', o: { conditions: [{ type: 'Failed', reason: 'FailedJobs', message: 'jobset failed due to reaching max restarts' }] }, health: 'failed', reason: 'jobset failed due to reaching max restarts' },
    { name: 'a Completed condition makes it succeeded', o: { conditions: [{ type: 'Completed', reason: 'AllJobsCompleted', message: 'jobset completed successfully' }] }, health: 'succeeded', reason: 'completed' },
    { name: 'a Suspended condition makes it pending', o: { suspend: true, conditions: [{ type: 'Suspended', reason: 'SuspendedJobs' }], active: 0, ready: 0 }, pods: [], health: 'pending', reason: 'suspended' },
    { name: 'no active job yet, pods pending → pending', o: { active: 0, ready: 0 }, pods: [jobSetPod('llm-pretrain', 0, 0)], health: 'pending', reason: '1 of 4 pods pending' },
    {
      name: 'one pod not ready degrades the gang',
      o: {},
      pods: [0, 1].flatMap((j) => [0, 1].map((p) => jobSetPod('llm-pretrain', j, p, { node: 'n1', ready: !(j === 1 && p === 1) }))),
      health: 'degraded', reason: '3/4 pods ready',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = jobSetCluster(c.o, c.pods).workload(JOBSET)!;
      expect(w.health).toBe(c.health);
      expect(w.reason).toBe(c.reason);
      expect(w.reasonCode).toBeDefined();
    });
  }

  it('counts status.restarts as restarts', () => {
    expect(jobSetCluster({ restarts: 2 }).workload(JOBSET)!.restarts).toBe(2);
  });

  it('a child Job whose JobSet is not visible (no permission to list JobSets) is listed on its own', () => {
    const m = model({ Job: [jobSetChildJob('llm-pretrain', 0)], Pod: [jobSetPod('llm-pretrain', 0, 0, { node: 'n1' })] });
    expect([...m.workloads()].map((w) => w.key)).toEqual(['Job/research/llm-pretrain-workers-0']);
    m.onSync('JobSet', [jobSet('llm-pretrain')]);
    expect([...m.workloads()].map((w) => w.key)).toEqual([JOBSET]);
    expect(m.workload(JOBSET)!.gpus).toBe(4);
  });
});

describe('Volcano Job', () => {
  const pods = () => [volcanoPod('mpi-bert', 'master', 0, { node: 'n1' }), ...[0, 1, 2].map((i) => volcanoPod('mpi-bert', 'worker', i, { node: i === 0 ? 'n1' : 'n2' }))];
  const cases: { phase: string; message?: string; pods?: V1Pod[]; health: WorkloadHealth; reason: string }[] = [
    { phase: 'Pending', pods: [], health: 'pending', reason: 'waiting for pods' },
    { phase: 'Pending', pods: [volcanoPod('mpi-bert', 'worker', 0)], health: 'pending', reason: '1 of 4 pods pending' },
    { phase: 'Running', health: 'healthy', reason: '4/4 pods running' },
    { phase: 'Completing', health: 'healthy', reason: '4/4 pods running' },
    { phase: 'Restarting', message: 'task worker-1 failed, restarting the job', health: 'recovering', reason: 'task worker-1 failed, restarting the job' },
    { phase: 'Completed', health: 'succeeded', reason: 'completed' },
    { phase: 'Aborted', health: 'failed', reason: 'Aborted' },
    { phase: 'Failed', message: 'pod mpi-bert-worker-2 failed with exit code 1', health: 'failed', reason: 'Failed: pod mpi-bert-worker-2 failed with exit code 1' },
    { phase: 'Terminated', health: 'failed', reason: 'Terminated' },
  ];
  for (const c of cases) {
    it(`phase ${c.phase}${c.pods?.length === 0 ? ' without pods' : ''} → ${c.health} (${c.reason})`, () => {
      const m = model({ VolcanoJob: [volcanoJob('mpi-bert', c.phase, { message: c.message })], Pod: c.pods ?? pods() });
      const w = m.workload(VCJOB)!;
      expect(w).toMatchObject({ kind: 'VolcanoJob', type: 'training', health: c.health, reason: c.reason });
      expect(w.reasonCode).toBeDefined();
    });
  }

  it('holds its task pods\' GPUs by label, and by its ownerReference alone (apiVersion batch.volcano.sh, not a batch/v1 Job)', () => {
    const m = model({
      VolcanoJob: [volcanoJob('mpi-bert', 'Running', { retryCount: 1 })],
      Job: [batchJob('mpi-bert', { namespace: 'research' })],
      Pod: [volcanoPod('mpi-bert', 'master', 0, { node: 'n1' }), volcanoPod('mpi-bert', 'worker', 0, { node: 'n2', labelled: false })],
    });
    expect(m.workload(VCJOB)).toMatchObject({ gpus: 16, restarts: 1, health: 'degraded', reason: '2/4 pods ready' });
    expect(m.workload('Job/research/mpi-bert')!.gpus).toBe(0);
  });

  it('shows the events Volcano reports on it (kind Job, group batch.volcano.sh) in its timeline, and not a batch Job\'s of the same name', () => {
    const m = model({ VolcanoJob: [volcanoJob('mpi-bert', 'Running')], Pod: pods() });
    m.onSync('Event', [
      k8sEvent('mpi-bert.1', { namespace: 'research', kind: 'Job', apiVersion: 'batch.volcano.sh/v1alpha1', object: 'mpi-bert', reason: 'PodGroupPending', message: 'PodGroup research/mpi-bert unschedulable' }),
      k8sEvent('mpi-bert.2', { namespace: 'research', kind: 'Job', apiVersion: 'batch/v1', object: 'mpi-bert', reason: 'SuccessfulCreate', message: 'Created pod: mpi-bert-abcde' }),
    ]);
    const timeline = m.workloadDetail(VCJOB)!.timeline.map((e) => e.text);
    expect(timeline).toContain('PodGroupPending: PodGroup research/mpi-bert unschedulable');
    expect(timeline.join('\n')).not.toContain('SuccessfulCreate');
    expect(m.recentEvents(10).find((e) => e.reason === 'PodGroupPending')!.object.kind).toBe('VolcanoJob');
  });
});

describe('RayJob', () => {
  const rayPods = () => [rayPod(RAY_CLUSTER, 'head', 0, { node: 'n1' }), rayPod(RAY_CLUSTER, 'worker', 0, { node: 'n1' }), rayPod(RAY_CLUSTER, 'worker', 1, { node: 'n2' })];

  it('holds the pods of the RayCluster its status names, once it names one', () => {
    const m = model({ RayJob: [rayJob('rl-tune', { deploy: 'Initializing', job: '' })], Pod: rayPods() });
    expect(m.workload(RAYJOB)).toMatchObject({ health: 'pending', gpus: 0, reason: 'waiting for the Ray cluster' });
    m.onEvents([{ type: 'MODIFIED', kind: 'RayJob', object: rayJob('rl-tune', { cluster: RAY_CLUSTER }) }]);
    const w = m.workload(RAYJOB)!;
    expect(w).toMatchObject({ kind: 'RayJob', type: 'training', health: 'healthy', gpus: 16, replicas: { desired: 3, ready: 3 }, reason: '3/3 pods running' });
    expect(m.gpusOfNode('n2').filter((g) => g.workload === RAYJOB)).toHaveLength(8);
    expect(m.kpis().byWorkload).toEqual([{ workload: RAYJOB, gpus: 16 }]);
    // The RayJob goes: its cluster's pods belong to no workload.
    m.onEvents([{ type: 'DELETED', kind: 'RayJob', object: rayJob('rl-tune', { cluster: RAY_CLUSTER }) }]);
    expect(m.kpis().byWorkload).toEqual([]);
    expect(m.gpusOfNode('n2').some((g) => g.workload !== undefined)).toBe(false);
  });

  const cases: { deploy: string; job: string; message?: string; health: WorkloadHealth; reason: string }[] = [
    { deploy: 'Running', job: 'PENDING', health: 'pending', reason: '3/3 pods running, waiting for the job to start' },
    { deploy: 'Complete', job: 'SUCCEEDED', health: 'succeeded', reason: 'completed' },
    { deploy: 'Complete', job: 'FAILED', health: 'failed', reason: 'Ray job FAILED' },
    { deploy: 'Failed', job: 'FAILED', message: 'Job submission has failed. Reached the limit of 2 retries.', health: 'failed', reason: 'Job submission has failed. Reached the limit of 2 retries.' },
    { deploy: 'Retrying', job: 'FAILED', health: 'recovering', reason: 'retrying on a new Ray cluster' },
    { deploy: 'Suspended', job: '', health: 'pending', reason: 'suspended' },
  ];
  for (const c of cases) {
    it(`jobDeploymentStatus ${c.deploy} / jobStatus ${c.job || '—'} → ${c.health}`, () => {
      const m = model({ RayJob: [rayJob('rl-tune', { deploy: c.deploy, job: c.job, cluster: RAY_CLUSTER, message: c.message })], Pod: rayPods() });
      const w = m.workload(RAYJOB)!;
      expect(w.health).toBe(c.health);
      expect(w.reason).toBe(c.reason);
      expect(w.reasonCode).toBeDefined();
    });
  }
});

describe('Kueue Workload admission', () => {
  const owner = { apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', name: 'llm-pretrain' };
  const suspended = () => jobSetCluster({ suspend: true, conditions: [{ type: 'Suspended' }], active: 0, ready: 0 }, []);

  it('a job Kueue has not admitted is pending "waiting for quota in LocalQueue team-a", not just suspended', () => {
    const m = suspended();
    m.onSync('KueueWorkload', [kueueWorkload('jobset-llm-pretrain-3f2a1', owner, { conditions: [{ type: 'QuotaReserved', status: 'False', reason: 'Pending', message: "couldn't assign flavors to pod set workers: insufficient quota for nvidia.com/gpu" }] })]);
    const w = m.workload(JOBSET)!;
    expect(w).toMatchObject({ health: 'pending', reason: 'waiting for quota in LocalQueue team-a' });
    expect(w.reasonCode).toEqual({ code: 'kueue.queued', params: { queue: 'team-a' } });
    expect(w.queue).toEqual({ workload: 'jobset-llm-pretrain-3f2a1', state: 'queued', localQueue: 'team-a' });
    // Kueue Workloads are not workloads themselves.
    expect([...m.workloads()].map((x) => x.key)).toEqual([JOBSET]);
  });

  it('shows quota reserved, eviction and admission as they happen; deleting the record clears it', () => {
    const m = suspended();
    const wl = (o: Parameters<typeof kueueWorkload>[2]) => kueueWorkload('jobset-llm-pretrain-3f2a1', owner, o);
    m.onSync('KueueWorkload', [wl({ clusterQueue: 'gpu-cluster-queue', conditions: [{ type: 'QuotaReserved' }] })]);
    expect(m.workload(JOBSET)!.reason).toBe('quota reserved in ClusterQueue gpu-cluster-queue, waiting for admission checks');
    m.onEvents([{ type: 'MODIFIED', kind: 'KueueWorkload', object: wl({ conditions: [{ type: 'Evicted', reason: 'Preempted', message: 'Preempted to accommodate a higher priority Workload' }] }) }]);
    expect(m.workload(JOBSET)).toMatchObject({ health: 'pending', reason: 'evicted by Kueue: Preempted to accommodate a higher priority Workload' });
    m.onEvents([
      { type: 'MODIFIED', kind: 'KueueWorkload', object: wl({ clusterQueue: 'gpu-cluster-queue', conditions: [{ type: 'QuotaReserved' }, { type: 'Admitted' }] }) },
      { type: 'MODIFIED', kind: 'JobSet', object: jobSet('llm-pretrain') },
      ...[0, 1].flatMap((j) => [0, 1].map((p) => ({ type: 'ADDED' as const, kind: 'Pod' as const, object: jobSetPod('llm-pretrain', j, p, { node: 'n1' }) }))),
    ]);
    expect(m.workload(JOBSET)).toMatchObject({ health: 'healthy', queue: { state: 'admitted', clusterQueue: 'gpu-cluster-queue', localQueue: 'team-a' } });
    m.onEvents([{ type: 'DELETED', kind: 'KueueWorkload', object: wl({}) }]);
    expect(m.workload(JOBSET)!.queue).toBeUndefined();
  });

  it('attaches to a batch/v1 Job by its ownerReference', () => {
    const m = model({ Job: [{ ...batchJob('etl', { namespace: 'research' }), spec: { suspend: true, template: {} } } as never] });
    m.onSync('KueueWorkload', [kueueWorkload('job-etl-1a2b3', { apiVersion: 'batch/v1', kind: 'Job', name: 'etl' })]);
    expect(m.workload('Job/research/etl')).toMatchObject({ health: 'pending', reason: 'waiting for quota in LocalQueue team-a' });
  });
});

describe('incremental updates of the training CRDs', () => {
  it('a model fed watch events holds the same workload views as one built from the final objects', () => {
    const final = {
      JobSet: [jobSet('llm-pretrain', { restarts: 1 })],
      Job: [jobSetChildJob('llm-pretrain', 0), jobSetChildJob('llm-pretrain', 1)],
      VolcanoJob: [volcanoJob('mpi-bert', 'Running')],
      RayJob: [rayJob('rl-tune', { cluster: RAY_CLUSTER })],
      KueueWorkload: [kueueWorkload('wl-1', { apiVersion: 'ray.io/v1', kind: 'RayJob', name: 'rl-tune' }, { clusterQueue: 'cq', conditions: [{ type: 'QuotaReserved' }, { type: 'Admitted' }] })],
      Pod: [
        ...[0, 1].flatMap((j) => [0, 1].map((p) => jobSetPod('llm-pretrain', j, p, { node: 'n1' }))),
        volcanoPod('mpi-bert', 'master', 0, { node: 'n2' }),
        rayPod(RAY_CLUSTER, 'worker', 0, { node: 'n2' }),
      ],
    } satisfies Partial<Record<ResourceKind, KubeObject[]>>;
    const live = model({ Pod: final.Pod });
    // Parents after their pods, a RayJob first without its cluster, the JobSet before its child Jobs.
    live.onEvents([
      { type: 'ADDED', kind: 'RayJob', object: rayJob('rl-tune', { deploy: 'Initializing', job: '' }) },
      { type: 'ADDED', kind: 'JobSet', object: jobSet('llm-pretrain') },
      ...final.Job.map((object) => ({ type: 'ADDED' as const, kind: 'Job' as const, object })),
      { type: 'ADDED', kind: 'VolcanoJob', object: volcanoJob('mpi-bert', 'Pending') },
      { type: 'MODIFIED', kind: 'VolcanoJob', object: final.VolcanoJob[0] },
      { type: 'MODIFIED', kind: 'RayJob', object: final.RayJob[0] },
      { type: 'MODIFIED', kind: 'JobSet', object: final.JobSet[0] },
      { type: 'ADDED', kind: 'KueueWorkload', object: final.KueueWorkload[0] },
    ]);
    const fresh = model(final);
    const views = (m: ClusterModel) => [...m.workloads()].sort((a, b) => a.key.localeCompare(b.key)).map(({ key, health, reason, gpus, replicas, queue }: WorkloadView) => ({ key, health, reason, gpus, replicas, queue }));
    expect(views(live)).toEqual(views(fresh));
    expect(views(live).map((v) => [v.key, v.gpus])).toEqual([[JOBSET, 16], [RAYJOB, 8], [VCJOB, 8]]);
    expect(live.kpis().byWorkload).toEqual(fresh.kpis().byWorkload);
    expect(live.gpusOfNode('n2').map((g) => g.workload)).toEqual(fresh.gpusOfNode('n2').map((g) => g.workload));
  });
});
