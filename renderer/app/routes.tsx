/**
 * The route registry: one entry per view, in navigation order. The shell builds the left
 * navigation, the "g <key>" / Alt+<n> shortcuts, the shortcuts overlay and the palette's
 * "Views" group from it. To add or replace a view (Drills, Audit…), edit its entry here or call
 * `registerRoute()` before the app renders; its label is `nav.<id>` in the `common` namespace
 * unless `labelKey` says otherwise.
 */
import type { ComponentType } from 'react';
import type { HashRoute } from './hashRoute';
import { OverviewView } from '../views/Overview/OverviewView';
import { GpuMapView } from '../views/GpuMap/GpuMapView';
import { NodesView } from '../views/Nodes/NodesView';
import { WorkloadsView } from '../views/Workloads/WorkloadsView';
import { EventsView } from '../views/Events/EventsView';
import { DrillsView } from '../views/Drills/DrillsView';
import { ExplainView } from '../views/Explain/ExplainView';
import { AuditView } from '../views/Audit/AuditView';
import { SettingsView } from '../views/Settings/SettingsView';

export interface ViewProps {
  route: HashRoute;
}

export interface RouteDef {
  /** First hash segment (`#/<id>/…`). */
  id: string;
  /** i18n key (namespace-qualified allowed) of the navigation label. */
  labelKey: string;
  icon: string;
  /** Second key of the "g <key>" shortcut. */
  shortcut: string;
  order: number;
  Component: ComponentType<ViewProps>;
}

const registry = new Map<string, RouteDef>();

export function registerRoute(def: RouteDef): void {
  registry.set(def.id, def);
}

export function getRoutes(): RouteDef[] {
  return [...registry.values()].sort((a, b) => a.order - b.order);
}

export function findRoute(id: string): RouteDef | undefined {
  return registry.get(id);
}

const builtIn: RouteDef[] = [
  { id: 'overview', labelKey: 'common:nav.overview', icon: 'overview', shortcut: 'o', order: 10, Component: OverviewView },
  { id: 'gpus', labelKey: 'common:nav.gpus', icon: 'gpus', shortcut: 'g', order: 20, Component: GpuMapView },
  { id: 'nodes', labelKey: 'common:nav.nodes', icon: 'nodes', shortcut: 'n', order: 30, Component: NodesView },
  { id: 'workloads', labelKey: 'common:nav.workloads', icon: 'workloads', shortcut: 'w', order: 40, Component: WorkloadsView },
  { id: 'events', labelKey: 'common:nav.events', icon: 'events', shortcut: 'e', order: 50, Component: EventsView },
  { id: 'drills', labelKey: 'common:nav.drills', icon: 'drills', shortcut: 'd', order: 60, Component: DrillsView },
  { id: 'explain', labelKey: 'common:nav.explain', icon: 'explain', shortcut: 'x', order: 70, Component: ExplainView },
  { id: 'audit', labelKey: 'common:nav.audit', icon: 'audit', shortcut: 'a', order: 80, Component: AuditView },
  { id: 'settings', labelKey: 'common:nav.settings', icon: 'settings', shortcut: 's', order: 90, Component: SettingsView },
];
for (const r of builtIn) registerRoute(r);
