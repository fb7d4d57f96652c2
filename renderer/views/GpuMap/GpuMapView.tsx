/**
 * Every GPU in the fleet as a cell, grouped by zone → node, on one canvas. Filters (zone, pool
 * narrow the map; namespace, workload highlight) and the selected GPU live in the URL, so a
 * view can be shared: `#/gpus?workload=PyTorchJob/research/llama&select=node-a/3`.
 *
 * The grouping (which GPU sits where) is structure: it is recomputed only when nodes come, go
 * or move zone/pool, or GPUs are added or removed — not for telemetry or health. The canvas
 * looks current values up when it paints.
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GpuView } from '../../../shared/views';
import { formatHash } from '../../app/hashRoute';
import type { ViewProps } from '../../app/routes';
import { navigate } from '../../app/useRoute';
import { ExplainTerm } from '../../components/ExplainTerm';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { GPU_CLASSES, gpuHighlighted, summarizeGpus } from '../../store/selectors/gpuClass';
import { groupGpuMap, mapStructureKey } from '../../store/selectors/gpuMapLayout';
import type { MapZone } from '../../store/selectors/gpuMapLayout';
import { distinct } from '../../store/selectors/nodeTable';
import type { GpuColorBy } from '../../store/uiSlice';
import { GpuCanvas } from './GpuCanvas';
import { GpuDetailPanel } from './GpuDetailPanel';
import { GpuLegend } from './GpuLegend';
import { GpuTooltip } from './GpuTooltip';
import { FilterSelect } from '../../components/FilterSelect';

const COLOR_BYS: GpuColorBy[] = ['allocation', 'utilization', 'temperature', 'health'];

export function GpuMapView({ route }: ViewProps) {
  const { t } = useTranslation('gpus');
  const f = useFormat();
  const nodes = useBulwark((s) => s.model.nodes);
  const gpus = useBulwark((s) => s.model.gpus);
  const gpuChanges = useBulwark((s) => s.model.gpuChanges);
  const gpuVersion = useBulwark((s) => s.model.gpuVersion);
  const gpuSetVersion = useBulwark((s) => s.model.gpuSetVersion);
  const workloads = useBulwark((s) => s.model.workloads);
  const loaded = useBulwark((s) => s.model.loaded);
  const theme = useBulwark((s) => s.theme);
  const colorBy = useBulwark((s) => s.gpuColorBy);
  const setColorBy = useBulwark((s) => s.setGpuColorBy);
  const q = route.query;
  const zone = q.zone ?? '';
  const pool = q.pool ?? '';
  const namespace = q.namespace ?? '';
  const workload = q.workload ?? '';
  const selected = q.select;

  const setQuery = useCallback((patch: Record<string, string | undefined>, replace = true) => {
    navigate(formatHash({ view: 'gpus', query: { ...route.query, ...patch } }), { replace });
  }, [route.query]);

  const structure = useMemo(() => mapStructureKey(nodes.values()), [nodes]);
  // Structure only (see above): the key, gpuSetVersion and gpuChanges (a new snapshot) stand for nodes/gpus.
  const zones = useMemo(
    () => groupGpuMap(nodes.values(), gpus.values(), { zone, pool }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [structure, gpuSetVersion, gpuChanges, zone, pool],
  );
  const nodeOptions = useMemo(() => ({
    zones: distinct(nodes.values(), (n) => n.zone),
    pools: distinct(nodes.values(), (n) => n.pool),
  }), [structure]); // eslint-disable-line react-hooks/exhaustive-deps -- zones and pools are part of the key
  const workloadOptions = useMemo(() => ({
    namespaces: distinct(workloads.values(), (w) => w.namespace),
    workloads: [...workloads.values()].filter((w) => w.gpus > 0).map((w) => w.key).sort(),
  }), [workloads]);
  const options = { ...nodeOptions, ...workloadOptions };
  const shownNodes = useMemo(() => new Set(zones.flatMap((z) => z.nodes.map((n) => n.name))), [zones]);
  /** The GPUs on the map, as they are now (one pass over the Map, no per-id lookups). */
  const shown = useMemo(() => {
    const list: GpuView[] = [];
    for (const g of gpus.values()) if (shownNodes.has(g.node)) list.push(g);
    return list;
  }, [shownNodes, gpus]);
  const summary = useMemo(() => summarizeGpus(shown, shownNodes.size, zones.length), [shown, shownNodes, zones]);
  const highlighted = useMemo(() => (namespace || workload ? shown.filter((g) => gpuHighlighted(g, namespace, workload)).length : undefined), [shown, namespace, workload]);

  const zoneLabel = useCallback((z: MapZone) => t('zoneLabel', { zone: z.zone, nodes: f.number(z.nodes.length), gpus: f.number(z.gpuCount) }), [t, f]);
  const describeGpu = useCallback((g: GpuView) => t('describeGpu', {
    id: g.id,
    health: t(`common:health.${g.health}`),
    state: g.pod ? t('allocatedTo', { pod: g.pod }) : t('free'),
    util: f.percent(g.util),
    temp: f.temp(g.tempC),
  }), [t, f]);

  const summaryText = t('summary', {
    gpus: f.number(summary.gpus), nodes: f.number(summary.nodes), zones: f.number(summary.zones),
    allocated: f.number(summary.allocated), free: f.number(summary.free), faulty: f.number(summary.faulty), util: f.percent(summary.utilAvg),
  });

  return (
    <div className={`view gpu-map ${selected ? 'with-detail' : ''}`}>
      <div className="view-head">
        <h1>{t('title')} <ExplainTerm id="gpu-allocation-vs-utilization" /></h1>
      </div>
      <div className="toolbar" role="group" aria-label={t('controls')}>
        <fieldset className="segmented-field">
          <legend>{t('colorBy')}</legend>
          <div className="segmented">
            {COLOR_BYS.map((c) => (
              <label key={c} className={colorBy === c ? 'checked' : ''}>
                <input type="radio" name="gpu-color" value={c} checked={colorBy === c} onChange={() => setColorBy(c)} data-testid={`color-${c}`} />
                {t(`colorByOption.${c}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <FilterSelect label={t('filter.zone')} value={zone} options={options.zones} onChange={(v) => setQuery({ zone: v })} testId="filter-zone" />
        <FilterSelect label={t('filter.pool')} value={pool} options={options.pools} onChange={(v) => setQuery({ pool: v })} testId="filter-pool" />
        <FilterSelect label={t('filter.namespace')} value={namespace} options={options.namespaces} onChange={(v) => setQuery({ namespace: v })} testId="filter-namespace" />
        <FilterSelect label={t('filter.workload')} value={workload} options={options.workloads} onChange={(v) => setQuery({ workload: v })} testId="filter-workload" />
        {zone || pool || namespace || workload ? (
          <button type="button" onClick={() => setQuery({ zone: undefined, pool: undefined, namespace: undefined, workload: undefined })}>{t('clearFilters')}</button>
        ) : null}
      </div>
      <GpuLegend colorBy={colorBy} classes={GPU_CLASSES[colorBy]} theme={theme} />
      <p id="gpu-map-summary" className="map-summary" data-testid="gpu-map-summary">
        {summaryText}
        {highlighted !== undefined ? ` ${t('highlighted', { n: f.number(highlighted) })}` : ''}
      </p>
      <div className="split">
        <div className="map-scroll">
          {!loaded ? <p className="loading">{t('common:loading')}</p> : shown.length === 0 ? <p className="empty">{t('noGpus')}</p> : null}
          <GpuCanvas
            zones={zones}
            gpus={gpus}
            nodes={nodes}
            gpuChanges={gpuChanges}
            gpuVersion={gpuVersion}
            gpuCount={shown.length}
            colorBy={colorBy}
            theme={theme}
            namespace={namespace}
            workload={workload}
            selectedId={selected}
            label={t('canvasLabel', { count: shown.length, n: f.number(shown.length) })}
            describedBy="gpu-map-summary"
            zoneLabel={zoneLabel}
            describeGpu={describeGpu}
            renderTooltip={(g, node) => <GpuTooltip gpu={g} node={node} />}
            onSelect={(id) => setQuery({ select: id }, false)}
          />
        </div>
        {selected ? <GpuDetailPanel id={selected} onClose={() => setQuery({ select: undefined }, false)} /> : null}
      </div>
    </div>
  );
}
