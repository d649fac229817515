import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Reachability } from '../../src/network/reachability.js';
import { parseProtocol } from '../../src/network/ports.js';
import { sharedRoot } from '../helpers.js';
import { inventoryFrom, node, pod } from './helpers.js';

/**
 * kubernetes-sigs/network-policy-api conformance: ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) manifests and
 * the 292 client-to-server assertions of its tests, each evaluated on the cluster as it was when the probe ran
 * (base manifests + the test's manifests + the replayed mutations). The same assertions are then run against the
 * v1alpha1 AdminNetworkPolicy / BaselineAdminNetworkPolicy translation of the same manifests.
 */
const root = path.join(sharedRoot, 'conformance/netpol/network-policy-api');

interface Assertion {
  test: string;
  manifests: string;
  subtest: string;
  mutatesPolicy: boolean;
  clientNs: string;
  clientPod: string;
  protocol: string;
  serverNs: string;
  serverPod: string;
  port: number;
  expectAllowed: boolean;
}
type Op = Record<string, unknown> & { op: string };
type Obj = Record<string, unknown>;

const assertions = JSON.parse(readFileSync(path.join(root, 'conformance_assertions.json'), 'utf8')) as Assertion[];
const replay = JSON.parse(readFileSync(path.join(root, 'conformance_assertions.replay.json'), 'utf8')) as {
  assertions: { index: number; replayOps: Op[] }[];
};
const HOST_NETWORK_PORTS = [34340, 34341, 34342, 34343, 34344, 34345, 34346, 34347];

function readManifests(file: string): Obj[] {
  const text = readFileSync(path.join(root, 'conformance', file), 'utf8').replace(
    /\{\{\s*index \.HostNetworkPorts (\d+)\s*\}\}/g,
    (_, i: string) => String(HOST_NETWORK_PORTS[Number(i)]),
  );
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .filter((d): d is Obj => d !== null);
}

const base = readManifests('base/manifests.yaml');
const clone = <T>(v: T): T => structuredClone(v);
const meta = (o: Obj) => o['metadata'] as { name: string; namespace?: string; labels?: Record<string, string> };
const spec = (o: Obj) => o['spec'] as Obj;

/** Pods the StatefulSets would run (two replicas each), with IPs; host-network ones on the nodes' addresses. */
function podsOf(objects: Obj[]): { objects: object[]; ips: Map<string, string> } {
  const out: object[] = [
    node('node-1', { 'kubernetes.io/os': 'linux' }, [{ type: 'InternalIP', address: '172.18.0.2' }]),
  ];
  out.push(node('node-2', { 'kubernetes.io/os': 'linux' }, [{ type: 'InternalIP', address: '172.18.0.3' }]));
  const ips = new Map<string, string>();
  let serial = 10;
  for (const o of objects) {
    if (o['kind'] !== 'StatefulSet') continue;
    const template = spec(o)['template'] as Obj;
    const labels = meta(template).labels ?? {};
    const podSpec = spec(template);
    const host = podSpec['hostNetwork'] === true;
    const ports = (podSpec['containers'] as Obj[]).flatMap((c) =>
      ((c['ports'] as Obj[] | undefined) ?? []).map((p) => ({
        name: p['name'] as string,
        port: p['containerPort'] as number,
        protocol: (p['protocol'] as string | undefined) ?? 'TCP',
      })),
    );
    for (let i = 0; i < 2; i++) {
      const name = `${meta(o).name}-${i}`;
      const ns = meta(o).namespace!;
      const ip = host ? `172.18.0.${2 + i}` : `10.244.${i}.${serial++}`;
      ips.set(`${ns}/${name}`, ip);
      out.push(
        pod({
          namespace: ns,
          name,
          labels: { ...labels, 'statefulset.kubernetes.io/pod-name': name },
          ip,
          hostNetwork: host,
          node: `node-${i + 1}`,
          ports,
          owner: { kind: 'StatefulSet', name: meta(o).name },
        }),
      );
    }
  }
  return { objects: out, ips };
}

const { objects: podObjects, ips } = podsOf(base);

function applyOps(objects: Obj[], ops: Op[]): Obj[] {
  let state = clone(objects);
  const policy = (name: unknown) => state.find((o) => o['kind'] === 'ClusterNetworkPolicy' && meta(o).name === name)!;
  for (const op of ops) {
    const rules = () => spec(policy(op['policy']))[op['direction'] as string] as Obj[];
    switch (op.op) {
      case 'swapRules': {
        const list = rules();
        const [i, j] = [op['i'] as number, op['j'] as number];
        [list[i], list[j]] = [list[j]!, list[i]!];
        break;
      }
      case 'setRuleAction':
        rules()[op['index'] as number]!['action'] = op['action'];
        break;
      case 'setRuleProtocols':
        rules()[op['index'] as number]!['protocols'] = clone(op['protocols']);
        break;
      case 'setPriority':
        spec(policy(op['policy']))['priority'] = op['priority'];
        break;
      case 'insertRule': {
        const text = JSON.stringify(op['rule']).replace(/\$\{IP:([^}]+)\}/g, (_, ref: string) => ips.get(ref)!);
        rules().splice(op['index'] as number, 0, JSON.parse(text) as Obj);
        break;
      }
      case 'setNamespaceLabels': {
        const ns = state.find((o) => o['kind'] === 'Namespace' && meta(o).name === op['namespace'])!;
        meta(ns).labels = clone(op['labels'] as Record<string, string>);
        break;
      }
      case 'deleteNetworkPolicy':
        state = state.filter(
          (o) =>
            !(o['kind'] === 'NetworkPolicy' && meta(o).name === op['name'] && meta(o).namespace === op['namespace']),
        );
        break;
      default:
        throw new Error(`unknown replay op ${op.op}`);
    }
  }
  return state;
}

/** The same policy as a v1alpha1 AdminNetworkPolicy (Admin tier) or BaselineAdminNetworkPolicy (Baseline tier). */
function toV1alpha1(o: Obj): Obj {
  if (o['kind'] !== 'ClusterNetworkPolicy') return o;
  const s = spec(o);
  const baseline = s['tier'] === 'Baseline';
  const rule = (r: Obj): Obj => {
    const out: Obj = { ...r, action: r['action'] === 'Accept' ? 'Allow' : r['action'] };
    delete out['protocols'];
    const protocols = r['protocols'] as Obj[] | undefined;
    if (protocols) {
      out['ports'] = protocols.map((p) => {
        if (typeof p['destinationNamedPort'] === 'string') return { namedPort: p['destinationNamedPort'] };
        const [key, body] = Object.entries(p)[0]!;
        const protocol = parseProtocol(key)!;
        const dp = (body as Obj | null)?.['destinationPort'] as Obj | undefined;
        if (!dp) return { portRange: { protocol, start: 1, end: 65535 } };
        if (typeof dp['number'] === 'number') return { portNumber: { protocol, port: dp['number'] } };
        const range = dp['range'] as Obj;
        return { portRange: { protocol, start: range['start'], end: range['end'] } };
      });
    }
    return out;
  };
  const v1: Obj = {
    subject: s['subject'],
    ...(s['ingress'] ? { ingress: (s['ingress'] as Obj[]).map(rule) } : {}),
    ...(s['egress'] ? { egress: (s['egress'] as Obj[]).map(rule) } : {}),
  };
  if (!baseline) v1['priority'] = s['priority'];
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
    metadata: { name: baseline ? 'default' : meta(o).name },
    spec: v1,
  };
}

async function run(version: 'v1alpha2' | 'v1alpha1'): Promise<{ passed: number; failures: string[] }> {
  const failures: string[] = [];
  let passed = 0;
  const cache = new Map<string, Reachability>();
  for (const [i, a] of assertions.entries()) {
    const manifests = JSON.parse(a.manifests) as string;
    const ops = replay.assertions[i]!.replayOps;
    const key = `${manifests}|${JSON.stringify(ops)}`;
    let reach = cache.get(key);
    if (!reach) {
      let state = applyOps([...base, ...readManifests(manifests)], ops).filter((o) => o['kind'] !== 'StatefulSet');
      if (version === 'v1alpha1') state = state.map(toV1alpha1);
      reach = new Reachability(await inventoryFrom([...state, ...podObjects]));
      cache.set(key, reach);
    }
    const engine = reach.engine;
    const index = (ns: string, name: string) =>
      engine.endpoints.endpoints.find((e) => e.namespace === ns && e.pod === name)!.index;
    const conn = engine.conns.get(engine.endpointConn(index(a.clientNs, a.clientPod), index(a.serverNs, a.serverPod)));
    const got = conn.has(parseProtocol(a.protocol)!, a.port);
    if (got === a.expectAllowed) passed++;
    else {
      failures.push(
        `#${i} ${a.test} "${a.subtest}": ${a.clientNs}/${a.clientPod} -> ${a.serverNs}/${a.serverPod} ` +
          `${a.protocol}/${a.port} expected ${a.expectAllowed}`,
      );
    }
  }
  return { passed, failures };
}

test('network-policy-api conformance, ClusterNetworkPolicy v1alpha2: all 292 assertions pass', async () => {
  assert.equal(assertions.length, 292);
  assert.equal(replay.assertions.length, 292);
  const { passed, failures } = await run('v1alpha2');
  assert.deepEqual(failures, []);
  assert.equal(passed, 292);
});

test('the same 292 assertions on the v1alpha1 AdminNetworkPolicy / BaselineAdminNetworkPolicy translation', async () => {
  const { passed, failures } = await run('v1alpha1');
  assert.deepEqual(failures, []);
  assert.equal(passed, 292);
});

test('assertions taken after the test mutated the cluster are marked so, and replay ops exist for each of them', () => {
  for (const [i, a] of assertions.entries()) {
    if (!a.mutatesPolicy) assert.deepEqual(replay.assertions[i]!.replayOps, [], `#${i}`);
    else assert.ok(replay.assertions[i]!.replayOps.length > 0, `#${i}`);
  }
});
