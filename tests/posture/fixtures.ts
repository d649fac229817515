/** Objects the posture tests combine, and a way to run one check (or all) over them. */

import { loadInventory } from '../../src/inventory/load.js';
import type { JsonValue } from '../../src/inventory/json.js';
import type { Inventory } from '../../src/inventory/types.js';
import { postureAnalysis, type PostureResult } from '../../src/posture/analyzer.js';
import type { Check } from '../../src/posture/check.js';
import { CHECKS } from '../../src/posture/checks/index.js';
import type { ConfigException, PostureConfig } from '../../src/posture/config.js';
import type { Finding } from '../../src/report/model.js';

export type Obj = Record<string, unknown>;

/** A container that passes every container check. */
export const GOOD_SC = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

const PROBE = { httpGet: { path: '/healthz', port: 8080 } };

export function container(overrides: Obj = {}): Obj {
  return {
    name: 'app',
    image: 'registry.example.com/shop/app:1.2.3',
    ports: [{ containerPort: 8080, name: 'http' }],
    securityContext: GOOD_SC,
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    livenessProbe: { ...PROBE, failureThreshold: 5 },
    readinessProbe: PROBE,
    ...overrides,
  };
}

/** A pod spec that passes every pod check, with `overrides` on top. */
export function podSpec(overrides: Obj = {}): Obj {
  return {
    serviceAccountName: 'app',
    automountServiceAccountToken: false,
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container()],
    ...overrides,
  };
}

export interface Meta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function metadata(meta: Meta, fallbackName: string): Obj {
  return {
    name: meta.name ?? fallbackName,
    namespace: meta.namespace ?? 'shop',
    ...(meta.labels ? { labels: meta.labels } : {}),
    ...(meta.annotations ? { annotations: meta.annotations } : {}),
  };
}

export function deployment(spec: Obj = {}, meta: Meta = {}, templateMeta: Meta = {}): Obj {
  const labels = templateMeta.labels ?? { app: meta.name ?? 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(meta, 'web'),
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, ...(templateMeta.annotations ? { annotations: templateMeta.annotations } : {}) },
        spec: podSpec(spec),
      },
    },
  };
}

/** A deployment whose only container is `container(overrides)`. */
export function withContainer(overrides: Obj, spec: Obj = {}, meta: Meta = {}): Obj {
  return deployment({ containers: [container(overrides)], ...spec }, meta);
}

export function pod(spec: Obj = {}, meta: Meta = {}): Obj {
  return { apiVersion: 'v1', kind: 'Pod', metadata: metadata(meta, 'debug'), spec: podSpec(spec) };
}

export function object(apiVersion: string, kind: string, meta: Meta, body: Obj = {}): Obj {
  const md: Obj = { name: meta.name ?? kind.toLowerCase() };
  if (meta.namespace !== undefined) md['namespace'] = meta.namespace;
  if (meta.labels) md['labels'] = meta.labels;
  if (meta.annotations) md['annotations'] = meta.annotations;
  return { apiVersion, kind, metadata: md, ...body };
}

export function service(spec: Obj, meta: Meta = {}): Obj {
  return object('v1', 'Service', { name: 'web', namespace: 'shop', ...meta }, { spec });
}

export function namespace(name: string, labels?: Record<string, string>): Obj {
  return object('v1', 'Namespace', { name, ...(labels ? { labels } : {}) });
}

export function serviceAccount(name: string, ns = 'shop', body: Obj = {}): Obj {
  return object('v1', 'ServiceAccount', { name, namespace: ns }, body);
}

const RBAC = 'rbac.authorization.k8s.io/v1';

export function clusterRole(name: string, rules: Obj[], labels?: Record<string, string>): Obj {
  return object(RBAC, 'ClusterRole', { name, ...(labels ? { labels } : {}) }, { rules });
}

export function role(name: string, ns: string, rules: Obj[]): Obj {
  return object(RBAC, 'Role', { name, namespace: ns }, { rules });
}

export function subjectSA(name: string, ns = 'shop'): Obj {
  return { kind: 'ServiceAccount', name, namespace: ns };
}

export function subjectGroup(name: string): Obj {
  return { kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io' };
}

export function subjectUser(name: string): Obj {
  return { kind: 'User', name, apiGroup: 'rbac.authorization.k8s.io' };
}

export function clusterRoleBinding(
  name: string,
  roleName: string,
  subjects: Obj[],
  labels?: Record<string, string>,
): Obj {
  return object(
    RBAC,
    'ClusterRoleBinding',
    { name, ...(labels ? { labels } : {}) },
    { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName }, subjects },
  );
}

export function roleBinding(name: string, ns: string, roleKind: string, roleName: string, subjects: Obj[]): Obj {
  return object(
    RBAC,
    'RoleBinding',
    { name, namespace: ns },
    { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName }, subjects },
  );
}

/** A role bound to a service account, so that the permission checks look at it. */
export function boundClusterRole(name: string, rules: Obj[]): Obj[] {
  return [clusterRole(name, rules), clusterRoleBinding(name, name, [subjectSA('app')])];
}

export async function inventoryOf(objects: readonly Obj[]): Promise<Inventory> {
  const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
  async function* stdin(): AsyncGenerator<string> {
    yield text;
  }
  return loadInventory(['-'], { stdin: stdin() });
}

export function checkOf(id: string): Check {
  const check = CHECKS.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check;
}

/** Runs one check, enabled whatever its default, over the objects. */
export async function runCheck(
  id: string,
  objects: readonly Obj[],
  options: Obj = {},
  exceptions: ConfigException[] = [],
  now = new Date('2026-06-01T12:00:00Z'),
): Promise<Finding[]> {
  const inventory = await inventoryOf(objects);
  const config: PostureConfig = {
    file: '.chokepoint.yaml',
    checks: { [id]: { enabled: true, options: JSON.parse(JSON.stringify(options)) as Record<string, JsonValue> } },
    exceptions,
  };
  return postureAnalysis(inventory, config, { checks: [checkOf(id)], now }).findings;
}

/** Runs the whole catalogue (as configured) over the objects. */
export async function runAll(objects: readonly Obj[], config?: PostureConfig, now?: Date): Promise<PostureResult> {
  return postureAnalysis(await inventoryOf(objects), config, now ? { now } : {});
}

/** One side of a check's test table: a name, the objects, and (for invalid cases) how many findings. */
export interface Case {
  name: string;
  objects: Obj[];
  /** Findings expected; 0 for valid cases, default 1 for invalid ones. */
  findings?: number;
  /** A pattern every finding's message must match. */
  message?: RegExp;
  /** The check's options, as in the config file. */
  options?: Obj;
  /** Exceptions of the config file (the analysis runs on 2026-06-01). */
  exceptions?: ConfigException[];
}

export interface CheckCases {
  valid: Case[];
  invalid: Case[];
}

export type CaseTable = Record<string, CheckCases>;
