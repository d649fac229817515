/**
 * Findings the reachability analysis makes (for people): workloads the Internet can reach, along the path traffic
 * takes; namespaces whose pods every pod of the cluster can reach; policies Chokepoint could not read as written.
 */
import type { Inventory, KubeObject, Workload } from '../inventory/types.js';
import type { Finding, ReportObjectRef } from '../report/model.js';
import { internetExposure, type Exposure, type ExposureOptions, type ExposurePath } from './exposure.js';
import { ConnTable } from './ports.js';
import { Reachability } from './reachability.js';
import type { EngineOptions } from './engine.js';

export interface NetworkCheck {
  id: string;
  title: string;
  severity: Finding['severity'];
  remediation: string;
  references: Record<string, string[]>;
}

export const NETWORK_CHECKS = {
  internetExposed: {
    id: 'CKN-001',
    title: 'Workload reachable from the Internet',
    severity: 'high',
    remediation:
      'Check that the workload is meant to be public. If not: make the load balancer internal or set ' +
      'loadBalancerSourceRanges, drop the NodePort, host port or host network, or remove the Ingress or route; ' +
      'if it is, admit only the entry path (the ingress controller or load balancer) with a NetworkPolicy.',
    references: {
      kubescape: ['C-0256', 'C-0266'],
      trivy: ['KSV-0108'],
      kubeLinter: ['exposed-services'],
      mitre: ['T1190'],
    },
  },
  namespaceOpen: {
    id: 'CKN-002',
    title: 'Namespace open to every pod in the cluster',
    severity: 'medium',
    remediation:
      'Isolate the namespace: a default-deny NetworkPolicy (or an AdminNetworkPolicy or BaselineAdminNetworkPolicy ' +
      'that covers it), then allow the flows its workloads need.',
    references: {
      kubescape: ['C-0206', 'C-0260'],
      checkov: ['CKV2_K8S_6'],
      kubeLinter: ['non-isolated-pod'],
      polaris: ['missingNetworkPolicy'],
      mitre: ['T1046'],
    },
  },
  policyUnreadable: {
    id: 'CKN-003',
    title: 'Network policy not evaluated as written',
    severity: 'low',
    remediation:
      'Fix the policy so that the API server accepts it (or use a supported API version); until then Chokepoint ' +
      'evaluates it the way the message says.',
    references: {},
  },
} as const satisfies Record<string, NetworkCheck>;

export interface NetworkAnalysis {
  reachability: Reachability;
  exposure: Exposure[];
  findings: Finding[];
}

function refOfObject(o: KubeObject): ReportObjectRef {
  const ref: ReportObjectRef = { apiVersion: o.apiVersion, kind: o.kind, name: o.name };
  if (o.namespace !== undefined) ref.namespace = o.namespace;
  return ref;
}

function refOfWorkload(w: Workload): ReportObjectRef {
  if (w.object) return refOfObject(w.object);
  return { apiVersion: '', kind: w.kind, namespace: w.namespace, name: w.name };
}

function finding(check: NetworkCheck, object: ReportObjectRef, location: string, message: string): Finding {
  return {
    checkId: check.id,
    title: check.title,
    severity: check.severity,
    object,
    location,
    message,
    remediation: check.remediation,
    references: Object.fromEntries(Object.entries(check.references).map(([k, v]) => [k, [...v]])),
  };
}

export function describePath(p: ExposurePath): string {
  const obj = `${p.object.kind} ${p.object.namespace ? `${p.object.namespace}/` : ''}${p.object.name}`;
  const port = p.port !== undefined ? ` port ${p.port}` : '';
  const parts = [`${p.entry === 'Ingress' || p.entry === 'Gateway' ? '' : `${p.entry} `}${obj}${port}`];
  if (p.route) parts.push(`route ${p.route.kind} ${p.route.namespace}/${p.route.name}`);
  if (p.hosts && p.hosts.length > 0) parts.push(`host ${p.hosts.join(', ')}`);
  if (p.tls !== undefined) parts.push(p.tls ? 'TLS' : 'no TLS');
  if (Array.isArray(p.via)) parts.push(`through ${p.via.map((v) => v.replace(/^Workload:/, '')).join(', ')}`);
  else if (p.via === 'unknown') parts.push('through a controller not in the input');
  else if (p.via === 'cloud') parts.push('through a cloud load balancer');
  return `${parts.join(', ')} (${p.conns.toString()})`;
}

/** Builds the reachability index, the Internet exposure and the findings in one go (for the graph and scan). */
export function analyzeNetwork(inventory: Inventory, options: EngineOptions & ExposureOptions = {}): NetworkAnalysis {
  const reachability = new Reachability(inventory, options);
  const exposure = internetExposure(reachability, options);
  const findings: Finding[] = [];
  const checks = NETWORK_CHECKS;

  for (const e of exposure) {
    const w = reachability.workloads[e.index]!;
    const paths = e.paths.filter((p) => !p.conns.isEmpty());
    const assumed = [...new Set(paths.flatMap((p) => p.assumptions ?? []))];
    const message =
      `${reachability.workloadName(e.index)} accepts connections from the Internet on ${e.conns.toString()}: ` +
      paths.map(describePath).join('; ') +
      (assumed.length > 0 ? ` (assuming ${assumed.join('; ')})` : '');
    findings.push(finding(checks.internetExposed, refOfWorkload(w), `${w.source.file}:${w.source.line}`, message));
  }

  // Namespaces where every (non host-network) pod accepts every connection from every pod class.
  const engine = reachability.engine;
  const podClasses = engine.classes.filter((c) => c.kind === 'pod').map((c) => c.id);
  const profileOpen = new Map<number, boolean>();
  const column = new Int32Array(engine.classes.length);
  const classOpen = (d: number): boolean => {
    const p = engine.ingressProfile[d]!;
    if (p < 0) return true;
    let open = profileOpen.get(p);
    if (open === undefined) {
      engine.fillProfile(engine.profiles[p]!, column);
      open = podClasses.every((s) => column[s] === ConnTable.ALL);
      profileOpen.set(p, open);
    }
    return open;
  };
  const byNamespace = new Map<string, { workloads: Set<number>; open: boolean }>();
  for (const ep of engine.endpoints.endpoints) {
    if (ep.hostNetwork) continue;
    const entry = byNamespace.get(ep.namespace) ?? { workloads: new Set<number>(), open: true };
    entry.workloads.add(ep.workload);
    if (entry.open) entry.open = classOpen(engine.classOf[ep.index]!);
    byNamespace.set(ep.namespace, entry);
  }
  for (const [ns, entry] of [...byNamespace].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!entry.open) continue;
    const object = inventory.namespaces.get(ns);
    const ref: ReportObjectRef = object ? refOfObject(object) : { apiVersion: 'v1', kind: 'Namespace', name: ns };
    const location = object ? `${object.source.file}:${object.source.line}` : '';
    const n = entry.workloads.size;
    findings.push(
      finding(
        checks.namespaceOpen,
        ref,
        location,
        `every pod in the cluster can open any connection to the ${n} workload${n === 1 ? '' : 's'} of namespace ${ns}: ` +
          'no NetworkPolicy or admin network policy restricts their ingress',
      ),
    );
  }

  for (const issue of engine.policies.issues) {
    const o = issue.object;
    findings.push(finding(checks.policyUnreadable, refOfObject(o), `${o.source.file}:${o.source.line}`, issue.message));
  }
  return { reachability, exposure, findings };
}

/** The network analyzer's findings, for `scan`. */
export function networkFindings(inventory: Inventory, options: EngineOptions & ExposureOptions = {}): Finding[] {
  return analyzeNetwork(inventory, options).findings;
}
