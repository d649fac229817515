import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Reachability } from '../../src/network/reachability.js';
import type { Protocol } from '../../src/network/ports.js';
import { sharedRoot } from '../helpers.js';
import { inventoryFrom, namespace, pod } from './helpers.js';

/** The Kubernetes NetworkPolicy e2e suite, transcribed (see the file's `model` key for the encoding). */
interface E2eFile {
  cases: E2eCase[];
}
interface E2eCase {
  name: string;
  pods: string[];
  serverProtocols: Protocol[];
  serverPorts: number[];
  steps: E2eStep[];
}
interface E2eStep {
  apply?: Policy[];
  update?: Policy[];
  deleteAllPolicies?: boolean;
  addNamespaceLabels?: Record<string, Record<string, string>>;
  addPodLabels?: Record<string, Record<string, string>>;
  probes: { port: number; protocol: Protocol; expect: Expectation[] }[];
}
type Policy = { metadata: { name: string; namespace: string } } & Record<string, unknown>;
type Matcher = { namespace?: string; pod?: string };
type Expectation =
  | { op: 'peer'; from: Matcher; to: Matcher; allowed: boolean }
  | { op: 'allIngress'; pod: string; allowed: boolean }
  | { op: 'allEgress'; pod: string; allowed: boolean }
  | { op: 'pair'; from: string; to: string; allowed: boolean };

const file = JSON.parse(
  readFileSync(path.join(sharedRoot, 'conformance/netpol/k8s-e2e-netpol-cases.json'), 'utf8'),
) as E2eFile;

/** Cases whose expectations hold only where a NetworkPolicy ipBlock matches pod IPs (the file says so). */
const IPBLOCK_ON_POD_IPS = new Set([33, 34, 35]);

function substitute<T>(value: T, ips: Map<string, string>): T {
  const text = JSON.stringify(value)
    .replace(/\$\{IP:([^}]+)\}/g, (_, ref: string) => ips.get(ref)!)
    .replace(/\$\{CIDR4:([^}]+)\}/g, (_, ref: string) => {
      const first = Number(ips.get(ref)!.split('.')[0]);
      return `${first & 0xf0}.0.0.0/4`;
    });
  return JSON.parse(text) as T;
}

function matcherHits(m: Matcher, ref: string): boolean {
  const [ns, name] = ref.split('/');
  return (m.namespace === undefined || m.namespace === ns) && (m.pod === undefined || m.pod === name);
}

/** Replays one case; returns the number of probes run and the mismatches. */
async function runCase(c: E2eCase, ipBlockMatchesPods: boolean): Promise<{ probes: number; failures: string[] }> {
  const ips = new Map(c.pods.map((ref, i) => [ref, `10.0.0.${i + 10}`]));
  const nsLabels: Record<string, Record<string, string>> = { x: { ns: 'x' }, y: { ns: 'y' }, z: { ns: 'z' } };
  const podLabels = new Map(c.pods.map((ref) => [ref, { pod: ref.split('/')[1]! } as Record<string, string>]));
  let policies: Policy[] = [];
  const failures: string[] = [];
  let probes = 0;
  for (const [s, step] of c.steps.entries()) {
    if (step.deleteAllPolicies) policies = [];
    for (const p of step.apply ?? []) policies.push(substitute(p, ips));
    for (const p of step.update ?? []) {
      const q = substitute(p, ips);
      policies = policies.map((old) =>
        old.metadata.name === q.metadata.name && old.metadata.namespace === q.metadata.namespace ? q : old,
      );
    }
    for (const [ns, labels] of Object.entries(step.addNamespaceLabels ?? {})) Object.assign(nsLabels[ns]!, labels);
    for (const [ref, labels] of Object.entries(step.addPodLabels ?? {})) Object.assign(podLabels.get(ref)!, labels);
    const objects: object[] = [
      ...Object.entries(nsLabels).map(([name, labels]) => namespace(name, labels)),
      ...c.pods.map((ref) => {
        const [ns, name] = ref.split('/');
        return pod({
          namespace: ns!,
          name: name!,
          labels: podLabels.get(ref)!,
          ip: ips.get(ref)!,
          ports: c.serverPorts.flatMap((port) =>
            c.serverProtocols.map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, port, protocol })),
          ),
        });
      }),
      ...policies,
    ];
    const reach = new Reachability(await inventoryFrom(objects), { ipBlockMatchesPods });
    const engine = reach.engine;
    const endpointOf = new Map(engine.endpoints.endpoints.map((e) => [`${e.namespace}/${e.pod}`, e.index]));
    for (const probe of step.probes) {
      probes++;
      const expected = new Map<string, boolean>();
      for (const from of c.pods) for (const to of c.pods) expected.set(`${from}>${to}`, true);
      for (const e of probe.expect) {
        for (const from of c.pods) {
          for (const to of c.pods) {
            const hit =
              e.op === 'peer'
                ? matcherHits(e.from, from) && matcherHits(e.to, to)
                : e.op === 'allIngress'
                  ? to === e.pod
                  : e.op === 'allEgress'
                    ? from === e.pod
                    : from === e.from && to === e.to;
            if (hit) expected.set(`${from}>${to}`, e.allowed);
          }
        }
      }
      for (const from of c.pods) {
        for (const to of c.pods) {
          if (from === to) continue; // loopback is ignored, as upstream does
          const conn = engine.conns.get(engine.endpointConn(endpointOf.get(from)!, endpointOf.get(to)!));
          const got = conn.has(probe.protocol, probe.port);
          const want = expected.get(`${from}>${to}`)!;
          if (got !== want) {
            failures.push(`step ${s} ${probe.protocol}/${probe.port} ${from} -> ${to}: got ${got}, want ${want}`);
          }
        }
      }
    }
  }
  return { probes, failures };
}

test('the Kubernetes e2e NetworkPolicy suite: all 48 cases and 65 probes pass (ipBlock matches pod IPs, the default)', async () => {
  assert.equal(file.cases.length, 48);
  let probes = 0;
  const failed: string[] = [];
  for (const [i, c] of file.cases.entries()) {
    const result = await runCase(c, true);
    probes += result.probes;
    if (result.failures.length > 0) failed.push(`case ${i} "${c.name}": ${result.failures.join('; ')}`);
  }
  assert.deepEqual(failed, []);
  assert.equal(probes, 65);
});

test('with ipBlockMatchesPods off (Cilium, netpol-analyzer), exactly the pod-IP ipBlock cases 33-35 differ', async () => {
  for (const [i, c] of file.cases.entries()) {
    const result = await runCase(c, false);
    if (IPBLOCK_ON_POD_IPS.has(i)) assert.notDeepEqual(result.failures, [], `case ${i} should depend on the setting`);
    else assert.deepEqual(result.failures, [], `case ${i} "${c.name}"`);
  }
});
