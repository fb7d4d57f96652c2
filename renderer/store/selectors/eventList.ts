import type { EventView } from '../../../shared/views';
import type { EventFilters } from '../uiSlice';

/** Severity and free-text filter over the event ring (text matches reason, message and object). */
export function filterEvents(events: readonly EventView[], f: EventFilters): EventView[] {
  const text = f.text.trim().toLowerCase();
  if (!f.type && !text) return events as EventView[];
  return events.filter((e) => {
    if (f.type && e.type !== f.type) return false;
    if (!text) return true;
    return e.reason.toLowerCase().includes(text)
      || e.message.toLowerCase().includes(text)
      || e.object.name.toLowerCase().includes(text)
      || (e.object.namespace?.toLowerCase().includes(text) ?? false)
      || e.object.kind.toLowerCase().includes(text);
  });
}

/** Where an event's object lives in the console, if anywhere. */
export function eventObjectHref(e: EventView): string | undefined {
  const { kind, namespace, name } = e.object;
  if (kind === 'Node') return `#/nodes/${encodeURIComponent(name)}`;
  // The model names a Volcano Job's events' object "VolcanoJob" (by its apiVersion), as its workload key does.
  if ((kind === 'PyTorchJob' || kind === 'Job' || kind === 'Deployment' || kind === 'JobSet' || kind === 'RayJob' || kind === 'VolcanoJob') && namespace) {
    return `#/workloads/${kind}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  }
  return undefined;
}
