/**
 * The posture findings on the real-world corpus (Argo CD install.yaml, Calico calico.yaml, kube-prometheus), pinned
 * check by check. Every count was established by reading the YAML (the evidence is in the comments and in
 * docs/posture.md), not copied from the output. Scanned as `chokepoint scan` does by default: objects without a
 * namespace (all of Argo CD's) land in `default`.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadInventory } from '../../src/inventory/load.js';
import { postureAnalysis, type PostureResult } from '../../src/posture/analyzer.js';
import { corpusManifests } from '../helpers.js';

const EXPECTED: Record<string, number> = {
  // calico-node: calico-node, upgrade-ipam, install-cni, ebpf-bootstrap all set privileged: true.
  'CKP-101': 4,
  // calico-kube-controllers' securityContext is only runAsNonRoot: true. (calico-node's containers are
  // privileged, where allowPrivilegeEscalation: false is rejected: CKP-101 carries their fix.)
  'CKP-102': 1,
  // calico-node's four containers: neither runAsNonRoot nor runAsUser on them or on the pod (which only sets
  // seccomp). Argo CD's redis and notifications-controller inherit runAsNonRoot from their pod: not reported.
  'CKP-103': 4,
  // calico-node and calico-kube-controllers lack readOnlyRootFilesystem; init containers are not checked.
  'CKP-107': 2,
  // node-exporter adds SYS_TIME.
  'CKP-110': 1,
  // calico-kube-controllers drops nothing (calico-node's containers are privileged: not reported).
  'CKP-111': 1,
  // node-exporter (container node-exporter; kube-rbac-proxy sets RuntimeDefault) and blackbox-exporter
  // (blackbox-exporter and module-configmap-reloader): no pod-level profile. One finding per pod.
  'CKP-114': 2,
  // node-exporter: hostPID.
  'CKP-201': 1,
  // calico-node and node-exporter: hostNetwork. (node-exporter's hostPort 9100 is not CKP-204 on the host network.)
  'CKP-203': 2,
  // calico-node cni-log-dir: /var/log/calico/cni, mounted readOnly by calico-node.
  'CKP-205': 1,
  // calico-node: /lib/modules, /sys/fs, /sys/fs/bpf, /sys/kernel/security, /proc, /opt/cni/bin, /etc/cni/net.d;
  // node-exporter: /sys and / (both read-only).
  'CKP-206': 9,
  // calico-node: /var/run/calico, /var/lib/calico, /run/xtables.lock, /var/lib/cni/networks, /var/run/nodeagent,
  // each mounted without readOnly.
  'CKP-207': 5,
  // quay.io/argoproj/argocd:latest in 6 containers and 2 init containers (copyutil x2, secret-init).
  'CKP-301': 8,
  // No resources in any Argo CD container (7), none on calico-kube-controllers, only a cpu request on calico-node.
  'CKP-306': 9,
  'CKP-307': 9,
  'CKP-308': 9,
  // Argo CD: applicationset-controller, dex, redis, application-controller (readiness only). kube-prometheus:
  // kube-rbac-proxy of node-exporter, blackbox-exporter (x2 with its proxy), grafana, kube-state-metrics'
  // two proxies, prometheus-operator and its proxy. Port-less helpers (node-exporter itself, kube-state-metrics,
  // the configmap reloader) are not reported.
  'CKP-310': 12,
  // Behind a Service without readiness: Argo CD applicationset-controller, dex, notifications-controller
  // (metrics Service), redis; node-exporter's proxy, blackbox-exporter and its proxy, kube-state-metrics' two
  // proxies, prometheus-operator and its proxy.
  'CKP-311': 11,
  // kube-system runs calico-kube-controllers (calico-node is host-network) and has no NetworkPolicy; Argo CD's
  // namespace and monitoring have policies.
  'CKP-401': 1,
  // argocd-application-controller (* * *), argocd-server (* resources in * groups), calico-kube-controllers (* in
  // projectcalico.org and crd.projectcalico.org), resource-metrics-server-resources (* on metrics.k8s.io),
  // prometheus-operator (* verbs on its CRDs, statefulsets, configmaps and secrets).
  'CKP-501': 5,
  // prometheus-operator's ClusterRole, bound cluster-wide: * on configmaps (coredns, aws-auth included).
  'CKP-518': 1,
  // calico-kube-controllers: update services; prometheus-operator: create services (and endpoints).
  'CKP-519': 2,
  // REDIS_PASSWORD from the argocd-redis Secret in redis, repo-server, server and application-controller.
  'CKP-605': 4,
  // Argo CD's seven workloads name no namespace.
  'CKP-701': 7,
  // monitoring only has pod-security warn labels, no enforce.
  'CKP-708': 1,
};

let cached: PostureResult | undefined;
/** Opt-in role-level checks (the RBAC analyzer reports the same grants per subject by default). */
const EXPECTED_OPT_IN: Record<string, number> = {
  // ClusterRoles argocd-applicationset-controller, kube-state-metrics, prometheus-operator; Roles
  // argocd-application-controller, -applicationset-controller, -dex-server, -notifications-controller, -server.
  // (argocd-redis only gets its own Secret by resourceNames: not reported.)
  'CKP-506': 8,
  // argocd-server ClusterRole: create jobs; prometheus-operator: * statefulsets.
  'CKP-507': 2,
};

async function corpus(): Promise<PostureResult> {
  cached ??= postureAnalysis(await loadInventory([corpusManifests]), undefined, { now: new Date('2026-06-01') });
  return cached;
}

test('corpus: exact finding counts per check', async () => {
  const { findings } = await corpus();
  const counts: Record<string, number> = {};
  for (const finding of findings) counts[finding.checkId] = (counts[finding.checkId] ?? 0) + 1;
  assert.deepEqual(counts, EXPECTED);
  const config = { checks: { 'CKP-506': { enabled: true }, 'CKP-507': { enabled: true } }, exceptions: [] };
  const optIn = postureAnalysis(await loadInventory([corpusManifests]), config, { now: new Date('2026-06-01') });
  for (const [id, count] of Object.entries(EXPECTED_OPT_IN)) {
    assert.equal(optIn.findings.filter((f) => f.checkId === id).length, count, id);
  }
});

test('corpus: no static credential anywhere (the Secrets ship empty or with configuration only)', async () => {
  const { credentials } = await corpus();
  assert.deepEqual(credentials, []);
});

test('corpus: the findings name the objects read in the YAML', async () => {
  const { findings } = await corpus();
  const objects = (id: string): string[] =>
    [...new Set(findings.filter((f) => f.checkId === id).map((f) => `${f.object.kind}/${f.object.name}`))].sort();
  assert.deepEqual(objects('CKP-101'), ['DaemonSet/calico-node']);
  assert.deepEqual(objects('CKP-201'), ['DaemonSet/node-exporter']);
  assert.deepEqual(objects('CKP-206'), ['DaemonSet/calico-node', 'DaemonSet/node-exporter']);
  assert.deepEqual(objects('CKP-110'), ['DaemonSet/node-exporter']);
  assert.deepEqual(objects('CKP-401'), ['Namespace/kube-system']);
  assert.deepEqual(objects('CKP-708'), ['Namespace/monitoring']);
  const rootMount = findings.find(
    (f) => f.checkId === 'CKP-206' && f.object.name === 'node-exporter' && f.message.includes('root'),
  );
  assert.match(rootMount?.message ?? '', /the host’s root filesystem, read-only/);
  assert.match(rootMount?.location ?? '', /nodeExporter-daemonset\.yaml:1$/);
  const calico = findings.find((f) => f.checkId === 'CKP-101' && f.container === 'calico-node');
  assert.match(calico?.location ?? '', /calico\.yaml:12491$/);
});

test('corpus: what is deliberately quiet stays quiet', async () => {
  const { findings } = await corpus();
  const ids = new Set(findings.map((f) => f.checkId));
  // node-exporter's hostPort 9100 is on the host network (CKP-203 says it).
  assert.ok(!ids.has('CKP-204'));
  // calico-node may create a token only for calico-cni-plugin (resourceNames).
  assert.ok(!ids.has('CKP-515'));
  // monitoring's NetworkPolicies and Services select pods the Prometheus operator creates from custom resources.
  assert.ok(!ids.has('CKP-403') && !ids.has('CKP-410'));
  // Every workload's service account is bound, or its token is not mounted.
  assert.ok(!ids.has('CKP-601') && !ids.has('CKP-602'));
  assert.ok(!ids.has('CKP-702'), 'calico in kube-system is a cluster component (system-*-critical)');
});
