import { EPOCH_MS, metadata, type JsonMap, type Labels } from './common.js';
import type { ClusterContext } from './context.js';
import type { Rng } from './prng.js';
import type { NsScope } from './workloads.js';

/** Bindings whose roleRef names a role that does not exist carry this label, so tests can tell them apart. */
export const DANGLING_LABEL = 'chokepoint.io/generated-dangling';

const RBAC = 'rbac.authorization.k8s.io';
const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

/** A PolicyRule from space-separated lists; `core` stands for the core API group ''. */
export function rule(apiGroups: string, resources: string, verbs: string, resourceNames?: string): JsonMap {
  const list = (text: string): string[] => text.split(' ').filter((x) => x !== '');
  return {
    apiGroups: list(apiGroups).map((g) => (g === 'core' ? '' : g)),
    resourceNames: resourceNames ? list(resourceNames) : undefined,
    resources: list(resources),
    verbs: list(verbs),
  };
}

export function urlRule(urls: string, verbs: string): JsonMap {
  return { nonResourceURLs: urls.split(' '), verbs: verbs.split(' ') };
}

export type Subject = JsonMap;
export function serviceAccount(namespace: string, name: string): Subject {
  return { kind: 'ServiceAccount', name, namespace };
}
export function user(name: string): Subject {
  return { apiGroup: RBAC, kind: 'User', name };
}
export function group(name: string): Subject {
  return { apiGroup: RBAC, kind: 'Group', name };
}

export interface RoleOptions {
  labels?: Labels;
  annotations?: Labels;
  aggregationRule?: Labels[];
  created?: number;
}

export function clusterRole(ctx: ClusterContext, rng: Rng, name: string, rules: JsonMap[] | null, o: RoleOptions = {}) {
  ctx.cluster.add('clusterroles', {
    aggregationRule: o.aggregationRule
      ? { clusterRoleSelectors: o.aggregationRule.map((matchLabels) => ({ matchLabels })) }
      : undefined,
    apiVersion: RBAC_V1,
    kind: 'ClusterRole',
    metadata: metadata(
      {
        name,
        uid: rng.uuid(),
        created: o.created ?? EPOCH_MS + rng.int(3_600_000),
        labels: o.labels,
        annotations: o.annotations,
      },
      ctx.rv,
    ),
    rules,
  });
}

export function clusterRoleBinding(
  ctx: ClusterContext,
  rng: Rng,
  name: string,
  roleName: string,
  subjects: Subject[],
  o: RoleOptions = {},
): void {
  ctx.cluster.add('clusterrolebindings', {
    apiVersion: RBAC_V1,
    kind: 'ClusterRoleBinding',
    metadata: metadata(
      {
        name,
        uid: rng.uuid(),
        created: o.created ?? EPOCH_MS + rng.int(3_600_000),
        labels: o.labels,
        annotations: o.annotations,
      },
      ctx.rv,
    ),
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: roleName },
    subjects,
  });
}

export function role(w: NsScope, name: string, rules: JsonMap[], o: RoleOptions = {}): void {
  w.bucket.add('roles', {
    apiVersion: RBAC_V1,
    kind: 'Role',
    metadata: metadata(
      {
        name,
        namespace: w.namespace,
        uid: w.rng.uuid(),
        created: o.created ?? w.created + w.rng.int(86_400_000),
        labels: o.labels,
        annotations: o.annotations,
      },
      w.ctx.rv,
    ),
    rules,
  });
}

export function roleBinding(
  w: NsScope,
  name: string,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  subjects: Subject[],
  o: RoleOptions = {},
): void {
  w.bucket.add('rolebindings', {
    apiVersion: RBAC_V1,
    kind: 'RoleBinding',
    metadata: metadata(
      {
        name,
        namespace: w.namespace,
        uid: w.rng.uuid(),
        created: o.created ?? w.created + w.rng.int(86_400_000),
        labels: o.labels,
        annotations: o.annotations,
      },
      w.ctx.rv,
    ),
    roleRef: { apiGroup: RBAC, kind: roleRef.kind, name: roleRef.name },
    subjects,
  });
}

const BOOTSTRAP: Labels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE: Labels = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
const RW = 'create delete deletecollection patch update';
const RO = 'get list watch';

/** The default ClusterRoles and ClusterRoleBindings an API server creates (rules abridged, names and shape kept). */
export function bootstrapRbac(ctx: ClusterContext): void {
  const rng = ctx.rng('rbac', 'bootstrap');
  const o: RoleOptions = { labels: BOOTSTRAP, annotations: AUTOUPDATE, created: EPOCH_MS };
  const agg = (to: string): RoleOptions => ({
    ...o,
    labels: { ...BOOTSTRAP, [`rbac.authorization.k8s.io/aggregate-to-${to}`]: 'true' },
  });
  clusterRole(ctx, rng, 'cluster-admin', [rule('*', '*', '*'), urlRule('*', '*')], o);
  clusterRole(ctx, rng, 'admin', null, {
    ...o,
    aggregationRule: [{ 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }],
  });
  clusterRole(ctx, rng, 'edit', null, {
    ...agg('admin'),
    aggregationRule: [{ 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }],
  });
  clusterRole(ctx, rng, 'view', null, {
    ...agg('edit'),
    aggregationRule: [{ 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }],
  });
  clusterRole(
    ctx,
    rng,
    'system:aggregate-to-admin',
    [
      rule('authorization.k8s.io', 'localsubjectaccessreviews', 'create'),
      rule(RBAC, 'rolebindings roles', `${RW} get list watch`),
    ],
    agg('admin'),
  );
  clusterRole(
    ctx,
    rng,
    'system:aggregate-to-edit',
    [
      rule('core', 'pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy', RO),
      rule('core', 'serviceaccounts', 'impersonate'),
      rule('core', 'pods pods/attach pods/exec pods/portforward pods/proxy', RW),
      rule('core', 'pods/eviction', 'create'),
      rule(
        'core',
        'configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy',
        RW,
      ),
      rule('core', 'serviceaccounts/token', 'create'),
      rule(
        'apps',
        'daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale',
        RW,
      ),
      rule('autoscaling', 'horizontalpodautoscalers', RW),
      rule('batch', 'cronjobs jobs', RW),
      rule('networking.k8s.io', 'ingresses networkpolicies', RW),
      rule('policy', 'poddisruptionbudgets', RW),
      rule('coordination.k8s.io', 'leases', `${RW} get list watch`),
    ],
    agg('edit'),
  );
  clusterRole(
    ctx,
    rng,
    'system:aggregate-to-view',
    [
      rule(
        'core',
        'configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status',
        RO,
      ),
      rule(
        'core',
        'bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status',
        RO,
      ),
      rule('core', 'namespaces', RO),
      rule('discovery.k8s.io', 'endpointslices', RO),
      rule(
        'apps',
        'controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status',
        RO,
      ),
      rule('autoscaling', 'horizontalpodautoscalers horizontalpodautoscalers/status', RO),
      rule('batch', 'cronjobs cronjobs/status jobs jobs/status', RO),
      rule('networking.k8s.io', 'ingresses ingresses/status networkpolicies', RO),
      rule('policy', 'poddisruptionbudgets poddisruptionbudgets/status', RO),
    ],
    agg('view'),
  );
  clusterRole(
    ctx,
    rng,
    'system:basic-user',
    [rule('authorization.k8s.io', 'selfsubjectaccessreviews selfsubjectrulesreviews', 'create')],
    o,
  );
  clusterRole(
    ctx,
    rng,
    'system:discovery',
    [urlRule('/api /api/* /apis /apis/* /healthz /livez /openapi /openapi/* /readyz /version /version/', 'get')],
    o,
  );
  clusterRole(ctx, rng, 'system:public-info-viewer', [urlRule('/healthz /livez /readyz /version /version/', 'get')], o);
  clusterRole(
    ctx,
    rng,
    'system:monitoring',
    [urlRule('/healthz /healthz/* /livez /livez/* /metrics /readyz /readyz/*', 'get')],
    o,
  );
  clusterRole(
    ctx,
    rng,
    'system:node',
    [
      rule('authentication.k8s.io', 'tokenreviews', 'create'),
      rule('core', 'configmaps secrets', 'get list watch'),
      rule('core', 'nodes', 'create get list watch'),
      rule('core', 'nodes/status', 'patch update'),
      rule('core', 'pods', 'get list watch create delete'),
      rule('core', 'pods/status', 'patch update'),
      rule('core', 'serviceaccounts/token', 'create'),
      rule('core', 'persistentvolumeclaims persistentvolumes', 'get'),
    ],
    o,
  );
  clusterRole(
    ctx,
    rng,
    'system:node-proxier',
    [
      rule('core', 'endpoints services', 'list watch'),
      rule('core', 'nodes', 'get list watch'),
      rule('core events.k8s.io', 'events', 'create patch update'),
      rule('discovery.k8s.io', 'endpointslices', 'list watch'),
    ],
    o,
  );
  clusterRole(
    ctx,
    rng,
    'system:kube-controller-manager',
    [
      rule('core', 'secrets serviceaccounts', 'create'),
      rule('core', 'secrets', 'delete'),
      rule('core', 'configmaps namespaces secrets serviceaccounts', 'get'),
      rule('core', 'secrets serviceaccounts', 'update'),
      rule('*', '*', 'list watch'),
      rule('core', 'serviceaccounts/token', 'create'),
    ],
    o,
  );
  clusterRole(
    ctx,
    rng,
    'system:kube-scheduler',
    [
      rule('core', 'pods', 'delete get list watch'),
      rule('core', 'bindings pods/binding', 'create'),
      rule('core', 'pods/status', 'patch update'),
      rule('core', 'nodes namespaces', 'get list watch'),
    ],
    o,
  );
  clusterRole(
    ctx,
    rng,
    'system:auth-delegator',
    [
      rule('authentication.k8s.io', 'tokenreviews', 'create'),
      rule('authorization.k8s.io', 'subjectaccessreviews', 'create'),
    ],
    o,
  );

  clusterRoleBinding(ctx, rng, 'cluster-admin', 'cluster-admin', [group('system:masters')], o);
  clusterRoleBinding(ctx, rng, 'system:basic-user', 'system:basic-user', [group('system:authenticated')], o);
  clusterRoleBinding(ctx, rng, 'system:discovery', 'system:discovery', [group('system:authenticated')], o);
  clusterRoleBinding(
    ctx,
    rng,
    'system:public-info-viewer',
    'system:public-info-viewer',
    [group('system:authenticated'), group('system:unauthenticated')],
    o,
  );
  clusterRoleBinding(ctx, rng, 'system:monitoring', 'system:monitoring', [group('system:monitoring')], o);
  clusterRoleBinding(ctx, rng, 'system:node-proxier', 'system:node-proxier', [user('system:kube-proxy')], o);
  clusterRoleBinding(
    ctx,
    rng,
    'system:kube-controller-manager',
    'system:kube-controller-manager',
    [user('system:kube-controller-manager')],
    o,
  );
  clusterRoleBinding(ctx, rng, 'system:kube-scheduler', 'system:kube-scheduler', [user('system:kube-scheduler')], o);
  clusterRoleBinding(
    ctx,
    rng,
    'kubeadm:node-proxier',
    'system:node-proxier',
    [serviceAccount('kube-system', 'kube-proxy')],
    {
      created: EPOCH_MS,
    },
  );
}

/**
 * Fills the rules of aggregated ClusterRoles as the aggregation controller does: the union of the rules of every
 * ClusterRole matching one of the selectors, repeated until nothing changes (view → edit → admin).
 */
export function resolveAggregation(clusterRoles: JsonMap[]): void {
  const labelsOf = (r: JsonMap): Labels => ((r.metadata as JsonMap).labels as Labels | undefined) ?? {};
  const nameOf = (r: JsonMap): string => (r.metadata as JsonMap).name as string;
  const sorted = [...clusterRoles].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : 1));
  for (let round = 0; round < 5; round++) {
    let changed = false;
    for (const target of clusterRoles) {
      const aggregation = target.aggregationRule as { clusterRoleSelectors: { matchLabels: Labels }[] } | undefined;
      if (!aggregation) continue;
      const seen = new Set<string>();
      const rules: JsonMap[] = [];
      for (const source of sorted) {
        if (source === target) continue;
        const labels = labelsOf(source);
        const matches = aggregation.clusterRoleSelectors.some((s) =>
          Object.entries(s.matchLabels).every(([k, v]) => labels[k] === v),
        );
        if (!matches) continue;
        for (const r of (source.rules as JsonMap[] | null) ?? []) {
          const key = JSON.stringify(r);
          if (seen.has(key)) continue;
          seen.add(key);
          rules.push(r);
        }
      }
      const before = JSON.stringify(target.rules);
      if (before !== JSON.stringify(rules)) {
        target.rules = rules;
        changed = true;
      }
    }
    if (!changed) break;
  }
}
