import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadInventory } from '../../src/inventory/load.js';
import { corpusManifests, parseValidReport, runCli } from '../helpers.js';

// Counted by hand from the files: `grep -rh '^kind:'` gives 192 top-level documents (59 in argocd-install.yaml, 38 in
// calico.yaml, 95 in kube-prometheus), three of which are lists whose items `grep -c '^- apiVersion'` counts:
// ConfigMapList 33, RoleList 3, RoleBindingList 3. 192 - 3 + 39 = 228.
const EXPECTED_KINDS: Record<string, number> = {
  Alertmanager: 1,
  APIService: 1,
  ClusterRole: 15,
  ClusterRoleBinding: 14,
  ConfigMap: 44,
  CustomResourceDefinition: 36,
  DaemonSet: 2,
  Deployment: 12,
  Namespace: 1,
  NetworkPolicy: 15,
  PodDisruptionBudget: 4,
  Prometheus: 1,
  PrometheusRule: 8,
  Role: 10,
  RoleBinding: 11,
  Secret: 5,
  Service: 16,
  ServiceAccount: 18,
  ServiceMonitor: 13,
  StatefulSet: 1,
};

test('scan loads every object of the real-world corpus with zero errors', () => {
  const result = runCli(['scan', corpusManifests, '--format', 'json']);
  assert.equal(result.status, 0, result.stderr);
  const report = parseValidReport(result.stdout);
  assert.deepEqual(report.errors, []);
  assert.equal(report.inputs.length, 1);
  assert.equal(report.inputs[0]!.objects, 228);
  assert.equal(report.inputs[0]!.files, 97);
  assert.deepEqual(report.inputs[0]!.kinds, EXPECTED_KINDS);
  assert.deepEqual(report.inventory.kinds, EXPECTED_KINDS);
  assert.deepEqual(report.inventory.unknownKinds, {
    Alertmanager: 1,
    Prometheus: 1,
    PrometheusRule: 8,
    ServiceMonitor: 13,
  });
});

test('every corpus object points at the line where it starts', async () => {
  const inventory = await loadInventory([corpusManifests]);
  const texts = new Map<string, string[]>();
  for (const object of inventory.objects.filter((o) => !o.implied)) {
    const lines = texts.get(object.source.file) ?? readFileSync(object.source.file, 'utf8').split('\n');
    texts.set(object.source.file, lines);
    // The object's text runs from its first line to the next document marker or the next item at its indentation.
    const first = lines[object.source.line - 1]!;
    const indent = /^(\s*(- )?)/.exec(first)![1]!.length;
    const body = [first];
    for (let i = object.source.line; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.startsWith('---') || (indent > 0 && /^\s*- /.test(line) && line.indexOf('- ') === indent - 2)) break;
      body.push(line);
    }
    const text = body.join('\n');
    assert.match(text, new RegExp(`kind: ${object.kind}\\b`), `${object.source.file}:${object.source.line}`);
    assert.ok(
      text.includes(`name: ${object.name}`),
      `${object.kind}/${object.name} at ${object.source.file}:${object.source.line}`,
    );
  }
});

test('the corpus workloads are its controllers, namespaced as kubectl apply would place them', async () => {
  const inventory = await loadInventory([corpusManifests]);
  assert.deepEqual(
    inventory.workloads.map((w) => w.id),
    [
      // Argo CD's install.yaml names no namespace: `kubectl apply -n argocd` is how its docs install it.
      'Workload:default/Deployment/argocd-applicationset-controller',
      'Workload:default/Deployment/argocd-dex-server',
      'Workload:default/Deployment/argocd-notifications-controller',
      'Workload:default/Deployment/argocd-redis',
      'Workload:default/Deployment/argocd-repo-server',
      'Workload:default/Deployment/argocd-server',
      'Workload:default/StatefulSet/argocd-application-controller',
      'Workload:kube-system/DaemonSet/calico-node',
      'Workload:kube-system/Deployment/calico-kube-controllers',
      'Workload:monitoring/DaemonSet/node-exporter',
      'Workload:monitoring/Deployment/blackbox-exporter',
      'Workload:monitoring/Deployment/grafana',
      'Workload:monitoring/Deployment/kube-state-metrics',
      'Workload:monitoring/Deployment/prometheus-adapter',
      'Workload:monitoring/Deployment/prometheus-operator',
    ],
  );
  // calico.yaml's DaemonSet lists its init containers upgrade-ipam, install-cni and "ebpf-bootstrap".
  const calico = inventory.workloads.find((w) => w.name === 'calico-node')!;
  assert.deepEqual(
    calico.template.containers.map((c) => `${c.type}:${c.name}`),
    [
      'container:calico-node',
      'initContainer:upgrade-ipam',
      'initContainer:install-cni',
      'initContainer:ebpf-bootstrap',
    ],
  );
  assert.equal(calico.template.spec['hostNetwork'], true);
  // kube-system and default are named but not defined; monitoring is defined by kube-prometheus' setup/namespace.yaml.
  assert.deepEqual(
    inventory.objects.filter((o) => o.implied).map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`),
    [
      'Namespace//default',
      'Namespace//kube-system',
      'ServiceAccount/default/default',
      'ServiceAccount/kube-system/default',
      'ServiceAccount/monitoring/default',
    ],
  );
});
