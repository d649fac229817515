/**
 * A naive reference evaluator, written straight from the documented semantics (../shared/conformance/netpol/
 * SEMANTICS.md, the NetworkPolicy API reference and the network-policy-api types), independent of src/network: it
 * answers one question at a time, per pod and per port, by reading the raw policy objects. The property test checks
 * the class-based engine against it.
 */

export type Proto = 'TCP' | 'UDP' | 'SCTP';

export interface RefNamespace {
  name: string;
  labels: Record<string, string>;
}

export interface RefPod {
  id: string;
  namespace: string;
  labels: Record<string, string>;
  ips: string[];
  hostNetwork: boolean;
  node?: string;
  ports: { name?: string; port: number; protocol: Proto }[];
}

export interface RefNode {
  name: string;
  labels: Record<string, string>;
  ips: string[];
}

/** A policy object as written (NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy). */
export type RefPolicy = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
};

export interface RefCluster {
  namespaces: RefNamespace[];
  pods: RefPod[];
  nodes: RefNode[];
  policies: RefPolicy[];
  ipBlockMatchesPods: boolean;
}

export type RefPeer = { pod: RefPod } | { ip: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- IPs --------------------------------------------------------------------------------------------------------

function ipToBig(ip: string): bigint {
  if (ip.includes(':')) throw new Error('the reference handles IPv4 only');
  return ip.split('.').reduce((acc, part) => acc * 256n + BigInt(Number(part)), 0n);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  if (base!.includes(':') || ip.includes(':')) return false;
  const shift = 32n - BigInt(Number(bits ?? '32'));
  return ipToBig(ip) >> shift === ipToBig(base!) >> shift;
}

// ---- label selectors --------------------------------------------------------------------------------------------

function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isObj(selector)) return false;
  const ml = selector['matchLabels'];
  if (isObj(ml)) for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  const me = selector['matchExpressions'];
  if (Array.isArray(me)) {
    for (const e of me as Obj[]) {
      const key = e['key'] as string;
      const values = (e['values'] as string[] | undefined) ?? [];
      const has = key in labels;
      switch (e['operator']) {
        case 'In':
          if (!has || !values.includes(labels[key]!)) return false;
          break;
        case 'NotIn':
          if (has && values.includes(labels[key]!)) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
  }
  return true;
}

// ---- the cluster ------------------------------------------------------------------------------------------------

export class Reference {
  constructor(private readonly cluster: RefCluster) {}

  private nsLabels(ns: string): Record<string, string> {
    const found = this.cluster.namespaces.find((n) => n.name === ns);
    return { ...(found?.labels ?? {}), 'kubernetes.io/metadata.name': ns };
  }

  /** The addresses traffic from or to a peer carries: a pod's IPs (a host-network pod's node addresses too). */
  private ipsOf(peer: RefPeer): string[] {
    if ('ip' in peer) return [peer.ip];
    const pod = peer.pod;
    if (!pod.hostNetwork) return pod.ips;
    const node = this.cluster.nodes.find((n) => n.name === pod.node);
    return [...pod.ips, ...(node?.ips ?? [])];
  }

  /** Whether the connection src → dst on proto/port is allowed. */
  allowed(src: RefPeer, dst: RefPeer, proto: Proto, port: number): boolean {
    // Traffic between a pod and its own node's addresses is always allowed.
    const nodeIps = (pod: RefPod) => this.cluster.nodes.find((n) => n.name === pod.node)?.ips ?? [];
    if ('ip' in src && 'pod' in dst && nodeIps(dst.pod).includes(src.ip)) return true;
    if ('pod' in src && 'ip' in dst && nodeIps(src.pod).includes(dst.ip)) return true;
    if ('pod' in src && 'pod' in dst) {
      if (src.pod === dst.pod) return true; // a pod can always reach itself
      if (src.pod.hostNetwork || dst.pod.hostNetwork) {
        // Traffic between a pod and its own node is always allowed; an unknown node may be the same one.
        if (src.pod.node === undefined || dst.pod.node === undefined || src.pod.node === dst.pod.node) return true;
      }
    }
    const egress = 'pod' in src && !src.pod.hostNetwork ? this.direction('egress', src.pod, dst, proto, port) : true;
    if (!egress) return false;
    return 'pod' in dst && !dst.pod.hostNetwork ? this.direction('ingress', dst.pod, src, proto, port) : true;
  }

  private direction(dir: 'ingress' | 'egress', subject: RefPod, peer: RefPeer, proto: Proto, port: number): boolean {
    const dstPod = dir === 'ingress' ? subject : 'pod' in peer && !peer.pod.hostNetwork ? peer.pod : undefined;
    const admin = this.adminPolicies('admin', subject);
    let passed = false;
    for (const p of admin) {
      const verdict = this.firstMatch(p, dir, peer, proto, port, dstPod);
      if (verdict === 'allow') return true;
      if (verdict === 'deny') return false;
      if (verdict === 'pass') {
        passed = true;
        break;
      }
    }
    void passed;
    const nps = this.cluster.policies.filter(
      (p) =>
        p.kind === 'NetworkPolicy' &&
        (p.metadata.namespace ?? 'default') === subject.namespace &&
        selectorMatches(p.spec['podSelector'], subject.labels) &&
        this.policyTypes(p).includes(dir === 'ingress' ? 'Ingress' : 'Egress'),
    );
    if (nps.length > 0) {
      for (const np of nps) {
        for (const rule of (np.spec[dir] as Obj[] | undefined) ?? []) {
          if (this.npRuleMatches(np, dir, rule, peer, proto, port, dstPod)) return true;
        }
      }
      return false;
    }
    for (const p of this.adminPolicies('baseline', subject)) {
      const verdict = this.firstMatch(p, dir, peer, proto, port, dstPod);
      if (verdict === 'deny') return false;
      if (verdict === 'allow' || verdict === 'pass') return true;
    }
    return true;
  }

  private policyTypes(np: RefPolicy): string[] {
    const declared = np.spec['policyTypes'] as string[] | undefined;
    if (declared && declared.length > 0) return declared;
    const egress = (np.spec['egress'] as unknown[] | undefined) ?? [];
    return egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }

  private npRuleMatches(
    np: RefPolicy,
    dir: 'ingress' | 'egress',
    rule: Obj,
    peer: RefPeer,
    proto: Proto,
    port: number,
    dstPod: RefPod | undefined,
  ): boolean {
    const peers = (rule[dir === 'ingress' ? 'from' : 'to'] as Obj[] | undefined) ?? [];
    const peerOk =
      peers.length === 0 ||
      peers.some((p) => {
        if (isObj(p['ipBlock'])) {
          const block = p['ipBlock'];
          if ('pod' in peer && !peer.pod.hostNetwork && !this.cluster.ipBlockMatchesPods) return false;
          return this.ipsOf(peer).some(
            (ip) =>
              inCidr(ip, block['cidr'] as string) &&
              !((block['except'] as string[] | undefined) ?? []).some((ex) => inCidr(ip, ex)),
          );
        }
        if (!('pod' in peer) || peer.pod.hostNetwork) return false;
        const pod = peer.pod;
        const hasNs = p['namespaceSelector'] !== undefined && p['namespaceSelector'] !== null;
        if (!hasNs && pod.namespace !== (np.metadata.namespace ?? 'default')) return false;
        if (hasNs && !selectorMatches(p['namespaceSelector'], this.nsLabels(pod.namespace))) return false;
        return selectorMatches(p['podSelector'], pod.labels);
      });
    if (!peerOk) return false;
    const ports = (rule['ports'] as Obj[] | undefined) ?? [];
    if (ports.length === 0) return true;
    return ports.some((entry) => {
      const protocol = ((entry['protocol'] as string | undefined) ?? 'TCP').toUpperCase();
      if (protocol !== proto) return false;
      const p = entry['port'];
      if (p === undefined) return true;
      if (typeof p === 'number') return port >= p && port <= ((entry['endPort'] as number | undefined) ?? p);
      return dstPod?.ports.some((c) => c.name === p && c.protocol === proto && c.port === port) ?? false;
    });
  }

  private adminPolicies(tier: 'admin' | 'baseline', subject: RefPod): RefPolicy[] {
    if (subject.hostNetwork) return [];
    const inTier = this.cluster.policies.filter((p) => {
      if (p.kind === 'AdminNetworkPolicy') return tier === 'admin';
      if (p.kind === 'BaselineAdminNetworkPolicy') return tier === 'baseline';
      if (p.kind === 'ClusterNetworkPolicy') return (p.spec['tier'] === 'Admin') === (tier === 'admin');
      return false;
    });
    const selects = (p: RefPolicy): boolean => {
      const s = p.spec['subject'] as Obj;
      if (isObj(s['namespaces'])) return selectorMatches(s['namespaces'], this.nsLabels(subject.namespace));
      const pods = s['pods'] as Obj;
      return (
        selectorMatches(pods['namespaceSelector'], this.nsLabels(subject.namespace)) &&
        selectorMatches(pods['podSelector'], subject.labels)
      );
    };
    const priority = (p: RefPolicy): number =>
      p.kind === 'BaselineAdminNetworkPolicy' ? 0 : (p.spec['priority'] as number);
    return inTier
      .filter(selects)
      .sort((a, b) => priority(a) - priority(b) || (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  private firstMatch(
    policy: RefPolicy,
    dir: 'ingress' | 'egress',
    peer: RefPeer,
    proto: Proto,
    port: number,
    dstPod: RefPod | undefined,
  ): 'allow' | 'deny' | 'pass' | undefined {
    const v2 = policy.kind === 'ClusterNetworkPolicy';
    for (const rule of (policy.spec[dir] as Obj[] | undefined) ?? []) {
      const peers = (rule[dir === 'ingress' ? 'from' : 'to'] as Obj[]) ?? [];
      if (!peers.some((p) => this.adminPeerMatches(p, peer))) continue;
      if (!this.adminPortMatches(rule, v2, proto, port, dstPod)) continue;
      const action = rule['action'];
      if (action === 'Allow' || action === 'Accept') return 'allow';
      if (action === 'Deny') return 'deny';
      return 'pass';
    }
    return undefined;
  }

  private adminPeerMatches(p: Obj, peer: RefPeer): boolean {
    if (Array.isArray(p['networks'])) {
      return this.ipsOf(peer).some((ip) => (p['networks'] as string[]).some((c) => inCidr(ip, c)));
    }
    if (isObj(p['nodes'])) {
      if (!('pod' in peer) || !peer.pod.hostNetwork) return false;
      const node = this.cluster.nodes.find((n) => n.name === peer.pod.node);
      return selectorMatches(p['nodes'], node?.labels ?? {});
    }
    if (!('pod' in peer) || peer.pod.hostNetwork) return false;
    const pod = peer.pod;
    if (isObj(p['namespaces'])) return selectorMatches(p['namespaces'], this.nsLabels(pod.namespace));
    const pods = p['pods'] as Obj;
    return (
      selectorMatches(pods['namespaceSelector'], this.nsLabels(pod.namespace)) &&
      selectorMatches(pods['podSelector'], pod.labels)
    );
  }

  private adminPortMatches(rule: Obj, v2: boolean, proto: Proto, port: number, dstPod: RefPod | undefined): boolean {
    const list = (rule[v2 ? 'protocols' : 'ports'] as Obj[] | undefined) ?? [];
    if (list.length === 0) return true;
    const named = (name: string) =>
      dstPod?.ports.some((c) => c.name === name && c.protocol === proto && c.port === port) ?? false;
    return list.some((entry) => {
      if (v2) {
        if (typeof entry['destinationNamedPort'] === 'string') return named(entry['destinationNamedPort']);
        const body = entry[proto.toLowerCase()] as Obj | undefined;
        if (!isObj(body)) return false;
        const dp = body['destinationPort'] as Obj | undefined;
        if (!dp) return true;
        if (typeof dp['number'] === 'number') return dp['number'] === port;
        const range = dp['range'] as Obj;
        return port >= (range['start'] as number) && port <= (range['end'] as number);
      }
      if (typeof entry['namedPort'] === 'string') return named(entry['namedPort']);
      const pn = entry['portNumber'] as Obj | undefined;
      if (pn) return ((pn['protocol'] as string | undefined) ?? 'TCP') === proto && pn['port'] === port;
      const pr = entry['portRange'] as Obj;
      return (
        ((pr['protocol'] as string | undefined) ?? 'TCP') === proto &&
        port >= (pr['start'] as number) &&
        port <= (pr['end'] as number)
      );
    });
  }
}
