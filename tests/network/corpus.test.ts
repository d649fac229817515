import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadInventory } from '../../src/inventory/load.js';
import { internetExposure } from '../../src/network/exposure.js';
import { connectivityLines, renderMap } from '../../src/network/map.js';
import { Reachability } from '../../src/network/reachability.js';
import { corpusManifests } from '../helpers.js';

async function map(file: string, defaultNamespace = 'default', exposure = false): Promise<string[]> {
  const inventory = await loadInventory([path.join(corpusManifests, file)], { defaultNamespace });
  const reach = new Reachability(inventory);
  const lines = connectivityLines(reach, exposure ? { exposure: internetExposure(reach) } : {});
  return renderMap(lines, 'txt').trimEnd().split('\n');
}

/**
 * Argo CD's install.yaml, applied to namespace argocd as its docs say, checked by hand against its seven
 * NetworkPolicies (ingress only; no egress policy, so every egress is open):
 * - application-controller: 8082 (TCP by default) from every pod of every namespace (namespaceSelector: {});
 * - applicationset-controller: TCP 7000, 8080 from every pod;
 * - dex-server: TCP 5556, 5557 from argocd-server, TCP 5558 from every pod (5556-5558 merged for argocd-server);
 * - notifications-controller: TCP 9001 from every pod;
 * - redis: TCP 6379 from argocd-server, repo-server and application-controller only;
 * - repo-server: TCP 8081 from server, application-controller, notifications and applicationset controllers,
 *   TCP 8084 from every pod;
 * - server: `ingress: [{}]`, everything from everywhere, external addresses included.
 * Namespace selectors never match external addresses, so only argocd-server accepts them.
 */
const ARGOCD = [
  '0.0.0.0-255.255.255.255 => argocd/argocd-server[Deployment] : All Connections',
  'argocd/argocd-application-controller[StatefulSet] => 0.0.0.0-255.255.255.255 : All Connections',
  'argocd/argocd-application-controller[StatefulSet] => argocd/argocd-applicationset-controller[Deployment] : TCP 7000,8080',
  'argocd/argocd-application-controller[StatefulSet] => argocd/argocd-dex-server[Deployment] : TCP 5558',
  'argocd/argocd-application-controller[StatefulSet] => argocd/argocd-notifications-controller[Deployment] : TCP 9001',
  'argocd/argocd-application-controller[StatefulSet] => argocd/argocd-redis[Deployment] : TCP 6379',
  'argocd/argocd-application-controller[StatefulSet] => argocd/argocd-repo-server[Deployment] : TCP 8081,8084',
  'argocd/argocd-application-controller[StatefulSet] => argocd/argocd-server[Deployment] : All Connections',
  'argocd/argocd-applicationset-controller[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'argocd/argocd-applicationset-controller[Deployment] => argocd/argocd-application-controller[StatefulSet] : TCP 8082',
  'argocd/argocd-applicationset-controller[Deployment] => argocd/argocd-dex-server[Deployment] : TCP 5558',
  'argocd/argocd-applicationset-controller[Deployment] => argocd/argocd-notifications-controller[Deployment] : TCP 9001',
  'argocd/argocd-applicationset-controller[Deployment] => argocd/argocd-repo-server[Deployment] : TCP 8081,8084',
  'argocd/argocd-applicationset-controller[Deployment] => argocd/argocd-server[Deployment] : All Connections',
  'argocd/argocd-dex-server[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'argocd/argocd-dex-server[Deployment] => argocd/argocd-application-controller[StatefulSet] : TCP 8082',
  'argocd/argocd-dex-server[Deployment] => argocd/argocd-applicationset-controller[Deployment] : TCP 7000,8080',
  'argocd/argocd-dex-server[Deployment] => argocd/argocd-notifications-controller[Deployment] : TCP 9001',
  'argocd/argocd-dex-server[Deployment] => argocd/argocd-repo-server[Deployment] : TCP 8084',
  'argocd/argocd-dex-server[Deployment] => argocd/argocd-server[Deployment] : All Connections',
  'argocd/argocd-notifications-controller[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'argocd/argocd-notifications-controller[Deployment] => argocd/argocd-application-controller[StatefulSet] : TCP 8082',
  'argocd/argocd-notifications-controller[Deployment] => argocd/argocd-applicationset-controller[Deployment] : TCP 7000,8080',
  'argocd/argocd-notifications-controller[Deployment] => argocd/argocd-dex-server[Deployment] : TCP 5558',
  'argocd/argocd-notifications-controller[Deployment] => argocd/argocd-repo-server[Deployment] : TCP 8081,8084',
  'argocd/argocd-notifications-controller[Deployment] => argocd/argocd-server[Deployment] : All Connections',
  'argocd/argocd-redis[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'argocd/argocd-redis[Deployment] => argocd/argocd-application-controller[StatefulSet] : TCP 8082',
  'argocd/argocd-redis[Deployment] => argocd/argocd-applicationset-controller[Deployment] : TCP 7000,8080',
  'argocd/argocd-redis[Deployment] => argocd/argocd-dex-server[Deployment] : TCP 5558',
  'argocd/argocd-redis[Deployment] => argocd/argocd-notifications-controller[Deployment] : TCP 9001',
  'argocd/argocd-redis[Deployment] => argocd/argocd-repo-server[Deployment] : TCP 8084',
  'argocd/argocd-redis[Deployment] => argocd/argocd-server[Deployment] : All Connections',
  'argocd/argocd-repo-server[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'argocd/argocd-repo-server[Deployment] => argocd/argocd-application-controller[StatefulSet] : TCP 8082',
  'argocd/argocd-repo-server[Deployment] => argocd/argocd-applicationset-controller[Deployment] : TCP 7000,8080',
  'argocd/argocd-repo-server[Deployment] => argocd/argocd-dex-server[Deployment] : TCP 5558',
  'argocd/argocd-repo-server[Deployment] => argocd/argocd-notifications-controller[Deployment] : TCP 9001',
  'argocd/argocd-repo-server[Deployment] => argocd/argocd-redis[Deployment] : TCP 6379',
  'argocd/argocd-repo-server[Deployment] => argocd/argocd-server[Deployment] : All Connections',
  'argocd/argocd-server[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'argocd/argocd-server[Deployment] => argocd/argocd-application-controller[StatefulSet] : TCP 8082',
  'argocd/argocd-server[Deployment] => argocd/argocd-applicationset-controller[Deployment] : TCP 7000,8080',
  'argocd/argocd-server[Deployment] => argocd/argocd-dex-server[Deployment] : TCP 5556-5558',
  'argocd/argocd-server[Deployment] => argocd/argocd-notifications-controller[Deployment] : TCP 9001',
  'argocd/argocd-server[Deployment] => argocd/argocd-redis[Deployment] : TCP 6379',
  'argocd/argocd-server[Deployment] => argocd/argocd-repo-server[Deployment] : TCP 8081,8084',
];

/**
 * kube-prometheus' manifests, checked by hand against its eight NetworkPolicies. Every policy allows all egress. The
 * Prometheus and Alertmanager pods are made by the operator from custom resources, so the input has none: the rules
 * that admit only `app.kubernetes.io/name: prometheus` (grafana, blackbox-exporter, kube-state-metrics,
 * prometheus-operator) admit no workload of the input, and alertmanager/prometheus have no workload to protect.
 * prometheus-adapter admits everything (`ingress: [{}]`). node-exporter runs on the host network: no policy applies
 * to it, and as node traffic it reaches (and is reached from) every pod that may share its node.
 */
const KUBE_PROMETHEUS = [
  '0.0.0.0-255.255.255.255 => monitoring/node-exporter[DaemonSet] : All Connections',
  '0.0.0.0-255.255.255.255 => monitoring/prometheus-adapter[Deployment] : All Connections',
  'monitoring/blackbox-exporter[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'monitoring/blackbox-exporter[Deployment] => monitoring/node-exporter[DaemonSet] : All Connections',
  'monitoring/blackbox-exporter[Deployment] => monitoring/prometheus-adapter[Deployment] : All Connections',
  'monitoring/grafana[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'monitoring/grafana[Deployment] => monitoring/node-exporter[DaemonSet] : All Connections',
  'monitoring/grafana[Deployment] => monitoring/prometheus-adapter[Deployment] : All Connections',
  'monitoring/kube-state-metrics[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'monitoring/kube-state-metrics[Deployment] => monitoring/node-exporter[DaemonSet] : All Connections',
  'monitoring/kube-state-metrics[Deployment] => monitoring/prometheus-adapter[Deployment] : All Connections',
  'monitoring/node-exporter[DaemonSet] => 0.0.0.0-255.255.255.255 : All Connections',
  'monitoring/node-exporter[DaemonSet] => monitoring/blackbox-exporter[Deployment] : All Connections',
  'monitoring/node-exporter[DaemonSet] => monitoring/grafana[Deployment] : All Connections',
  'monitoring/node-exporter[DaemonSet] => monitoring/kube-state-metrics[Deployment] : All Connections',
  'monitoring/node-exporter[DaemonSet] => monitoring/prometheus-adapter[Deployment] : All Connections',
  'monitoring/node-exporter[DaemonSet] => monitoring/prometheus-operator[Deployment] : All Connections',
  'monitoring/prometheus-adapter[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'monitoring/prometheus-adapter[Deployment] => monitoring/node-exporter[DaemonSet] : All Connections',
  'monitoring/prometheus-operator[Deployment] => 0.0.0.0-255.255.255.255 : All Connections',
  'monitoring/prometheus-operator[Deployment] => monitoring/node-exporter[DaemonSet] : All Connections',
  'monitoring/prometheus-operator[Deployment] => monitoring/prometheus-adapter[Deployment] : All Connections',
];

test('Argo CD: the connectivity map, checked by hand against its NetworkPolicies', async () => {
  assert.deepEqual(await map('argocd-install.yaml', 'argocd'), ARGOCD);
});

test('kube-prometheus: the connectivity map, checked by hand against its NetworkPolicies', async () => {
  assert.deepEqual(await map('kube-prometheus/manifests'), KUBE_PROMETHEUS);
});

test('corpus exposure: node-exporter listens on the host network (nodes assumed reachable, no Nodes in the input)', async () => {
  const lines = (await map('kube-prometheus/manifests', 'default', true)).filter((l) => l.startsWith('Internet'));
  assert.deepEqual(lines, ['Internet => monitoring/node-exporter[DaemonSet] : TCP 9100']);
  const argocd = (await map('argocd-install.yaml', 'argocd', true)).filter((l) => l.startsWith('Internet'));
  assert.deepEqual(argocd, [], 'every Argo CD Service is ClusterIP and there is no Ingress');
});
