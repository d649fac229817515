/**
 * Reads NetworkPolicies (networking.k8s.io/v1), AdminNetworkPolicies and BaselineAdminNetworkPolicies
 * (policy.networking.k8s.io/v1alpha1) and ClusterNetworkPolicies (policy.networking.k8s.io/v1alpha2) into one
 * normalised model: tiers of rules whose peers are predicates over endpoints, each predicate registered once however
 * many rules use it (so that it is evaluated once per equivalence class, not once per rule or per pod).
 */
import {
  arrayField,
  isJsonObject,
  objectField,
  stringField,
  type JsonObject,
  type JsonValue,
} from '../inventory/json.js';
import type { KubeObject } from '../inventory/types.js';
import { IpSet, parseCidr } from './ip.js';
import { ConnSet, MAX_PORT, MIN_PORT, parseProtocol, PortRanges, type Protocol } from './ports.js';
import { MATCH_ALL, MATCH_NONE, parseSelector, type Selector } from '../inventory/selectors.js';

export type Direction = 'ingress' | 'egress';
export type Action = 'allow' | 'deny' | 'pass';
export type Tier = 'admin' | 'networkpolicy' | 'baseline';

/** What a peer or a subject can be; every predicate is registered once in a `PredicateRegistry`. */
export type PredicateSpec =
  | {
      kind: 'pods';
      /** Pods of this namespace only (a NetworkPolicy's own namespace). */
      namespace?: string;
      /** Pods of namespaces whose labels match (when `namespace` is not set). */
      namespaceSelector?: Selector;
      podSelector: Selector;
    }
  | {
      kind: 'ip';
      set: IpSet;
      /**
       * Whether the block also matches pod IPs. Admin `networks` always do (the API says so); a NetworkPolicy
       * ipBlock does when the ipBlockMatchesPods setting is on. Node IPs and external IPs always match.
       */
      matchesPods: boolean;
    }
  | { kind: 'nodes'; selector: Selector };

export class PredicateRegistry {
  readonly specs: PredicateSpec[] = [];
  private readonly byKey = new Map<string, number>();

  add(spec: PredicateSpec): number {
    const key = predicateKey(spec);
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.specs.length;
      this.specs.push(spec);
      this.byKey.set(key, id);
    }
    return id;
  }
}

function predicateKey(spec: PredicateSpec): string {
  switch (spec.kind) {
    case 'pods':
      return spec.namespace !== undefined
        ? `pods|ns=${spec.namespace}|${spec.podSelector.key}`
        : `pods|sel=${(spec.namespaceSelector ?? MATCH_ALL).key}|${spec.podSelector.key}`;
    case 'ip':
      return `ip|${spec.matchesPods ? 'pods' : 'nopods'}|${spec.set.toString()}`;
    case 'nodes':
      return `nodes|${spec.selector.key}`;
  }
}

/** A destination port condition: numeric ports, plus named ports resolved on the destination pod. */
export interface PortMatch {
  conns: ConnSet;
  /** Named ports; `protocol` undefined matches the container port's own protocol (admin policies). */
  named: { name: string; protocol?: Protocol }[];
}

export const ALL_PORTS: PortMatch = { conns: ConnSet.ALL, named: [] };
export const NO_PORTS: PortMatch = { conns: ConnSet.NONE, named: [] };

export interface PolicyInfo {
  id: number;
  kind: 'NetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';
  apiVersion: string;
  namespace?: string;
  name: string;
  tier: Tier;
  priority: number;
  object: KubeObject;
}

export interface Rule {
  policy: PolicyInfo;
  direction: Direction;
  /** Position in the policy's list for its direction. */
  index: number;
  name?: string;
  action: Action;
  /** Predicate ids (any of them matches), or every peer: pods, nodes and external addresses. */
  peers: number[] | 'all';
  ports: PortMatch;
  /** Why the rule is not what it says (fail-closed handling of what the API server would reject). */
  note?: string;
}

export interface NetPolicy {
  info: PolicyInfo;
  subject: number;
  /** Undefined when the policy does not isolate that direction (policyTypes, with its defaulting). */
  ingress?: Rule[];
  egress?: Rule[];
}

export interface AdminPolicy {
  info: PolicyInfo;
  subject: number;
  ingress: Rule[];
  egress: Rule[];
}

export interface PolicyIssue {
  object: KubeObject;
  message: string;
}

export interface PolicySet {
  predicates: PredicateRegistry;
  networkPolicies: NetPolicy[];
  /** Admin tier, in precedence order (priority, then name). */
  admin: AdminPolicy[];
  /** Baseline tier, in precedence order. */
  baseline: AdminPolicy[];
  /** Every policy by id. */
  infos: PolicyInfo[];
  issues: PolicyIssue[];
  /** Named ports any rule uses, by direction (ingress rules resolve them on the subject, egress on the peer). */
  namedPorts: { ingress: Set<string>; egress: Set<string> };
  /** Label keys that pod and namespace selectors read. */
  podKeys: Set<string>;
  namespaceKeys: Set<string>;
  nodeKeys: Set<string>;
}

export interface PolicyOptions {
  /** Whether a NetworkPolicy ipBlock matches pod IPs (see docs/network.md); default true. */
  ipBlockMatchesPods?: boolean;
}

export const SUPPORTED_POLICY_VERSIONS = [
  'networking.k8s.io/v1 NetworkPolicy',
  'policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy',
  'policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy',
  'policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy',
] as const;

/** Reads every policy object of the input into tiers of rules. */
export function readPolicies(objects: readonly KubeObject[], options: PolicyOptions = {}): PolicySet {
  const reader = new Reader(options.ipBlockMatchesPods ?? true);
  for (const object of objects) {
    if (object.group === 'networking.k8s.io' && object.kind === 'NetworkPolicy') reader.networkPolicy(object);
    else if (object.group === 'policy.networking.k8s.io') {
      const version = object.apiVersion.split('/')[1] ?? '';
      if (object.kind === 'AdminNetworkPolicy' || object.kind === 'BaselineAdminNetworkPolicy') {
        if (version === 'v1alpha1') reader.adminV1alpha1(object);
        else reader.issue(object, `${object.apiVersion} ${object.kind} is not supported (v1alpha1 is); ignored`);
      } else if (object.kind === 'ClusterNetworkPolicy') {
        if (version === 'v1alpha2') reader.clusterNetworkPolicy(object);
        else reader.issue(object, `${object.apiVersion} ClusterNetworkPolicy is not supported (v1alpha2 is); ignored`);
      }
    }
  }
  return reader.finish();
}

class Reader {
  readonly predicates = new PredicateRegistry();
  readonly networkPolicies: NetPolicy[] = [];
  readonly admin: AdminPolicy[] = [];
  readonly baseline: AdminPolicy[] = [];
  readonly infos: PolicyInfo[] = [];
  readonly issues: PolicyIssue[] = [];
  readonly namedPorts = { ingress: new Set<string>(), egress: new Set<string>() };
  readonly podKeys = new Set<string>();
  readonly namespaceKeys = new Set<string>();
  readonly nodeKeys = new Set<string>();

  constructor(private readonly ipBlockMatchesPods: boolean) {}

  issue(object: KubeObject, message: string): void {
    this.issues.push({ object, message });
  }

  finish(): PolicySet {
    const order = (a: AdminPolicy, b: AdminPolicy): number =>
      a.info.priority - b.info.priority || (a.info.name < b.info.name ? -1 : a.info.name > b.info.name ? 1 : 0);
    this.admin.sort(order);
    this.baseline.sort(order);
    return {
      predicates: this.predicates,
      networkPolicies: this.networkPolicies,
      admin: this.admin,
      baseline: this.baseline,
      infos: this.infos,
      issues: this.issues,
      namedPorts: this.namedPorts,
      podKeys: this.podKeys,
      namespaceKeys: this.namespaceKeys,
      nodeKeys: this.nodeKeys,
    };
  }

  private info(object: KubeObject, kind: PolicyInfo['kind'], tier: Tier, priority: number): PolicyInfo {
    const info: PolicyInfo = {
      id: this.infos.length,
      kind,
      apiVersion: object.apiVersion,
      name: object.name,
      tier,
      priority,
      object,
    };
    if (object.namespace !== undefined) info.namespace = object.namespace;
    this.infos.push(info);
    return info;
  }

  private selector(value: JsonValue | undefined, keys: Set<string>): Selector {
    const selector = parseSelector(value);
    for (const r of selector.requirements) keys.add(r.key);
    return selector;
  }

  private pods(spec: { namespace?: string; namespaceSelector?: Selector; podSelector: Selector }): number {
    return this.predicates.add({ kind: 'pods', ...spec });
  }

  // ---- NetworkPolicy (networking.k8s.io/v1) -------------------------------------------------------------------

  networkPolicy(object: KubeObject): void {
    const spec = objectField(object.raw, 'spec') ?? {};
    const namespace = object.namespace ?? 'default';
    const podSelector = this.selector(spec['podSelector'], this.podKeys);
    if (!podSelector.valid) this.issue(object, 'spec.podSelector is not a valid label selector; it selects no pod');
    const info = this.info(object, 'NetworkPolicy', 'networkpolicy', 0);
    const subject = this.pods({ namespace, podSelector });
    const ingressRules = arrayField(spec, 'ingress') ?? [];
    const egressRules = arrayField(spec, 'egress') ?? [];
    // policyTypes defaulting (API server, at create/update): Ingress always, Egress iff there are egress rules.
    let types: string[];
    const declared = arrayField(spec, 'policyTypes');
    if (declared && declared.length > 0) {
      types = declared.filter((t): t is string => typeof t === 'string');
      for (const t of types) if (t !== 'Ingress' && t !== 'Egress') this.issue(object, `unknown policyType ${t}`);
    } else types = egressRules.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
    const policy: NetPolicy = { info, subject };
    if (types.includes('Ingress')) {
      policy.ingress = ingressRules.map((r, i) => this.npRule(object, info, 'ingress', i, r, namespace));
    }
    if (types.includes('Egress')) {
      policy.egress = egressRules.map((r, i) => this.npRule(object, info, 'egress', i, r, namespace));
    }
    this.networkPolicies.push(policy);
  }

  private npRule(
    object: KubeObject,
    info: PolicyInfo,
    direction: Direction,
    index: number,
    value: JsonValue,
    namespace: string,
  ): Rule {
    const rule: Rule = { policy: info, direction, index, action: 'allow', peers: 'all', ports: ALL_PORTS };
    if (!isJsonObject(value)) {
      this.issue(object, `spec.${direction}[${index}] is not a mapping; it allows nothing`);
      return { ...rule, peers: [], note: 'not a mapping' };
    }
    const peerField = direction === 'ingress' ? 'from' : 'to';
    const peerList = arrayField(value, peerField);
    if (peerList && peerList.length > 0) {
      const peers: number[] = [];
      for (const [p, peer] of peerList.entries()) {
        const id = this.npPeer(object, `spec.${direction}[${index}].${peerField}[${p}]`, peer, namespace);
        if (id !== undefined) peers.push(id);
      }
      rule.peers = [...new Set(peers)].sort((a, b) => a - b);
    }
    const portList = arrayField(value, 'ports');
    if (portList && portList.length > 0) {
      rule.ports = this.npPorts(object, `spec.${direction}[${index}].ports`, portList, direction);
    }
    return rule;
  }

  private npPeer(object: KubeObject, where: string, peer: JsonValue, namespace: string): number | undefined {
    if (!isJsonObject(peer)) {
      this.issue(object, `${where} is not a mapping; it matches nothing`);
      return undefined;
    }
    const hasPod = peer['podSelector'] !== undefined && peer['podSelector'] !== null;
    const hasNs = peer['namespaceSelector'] !== undefined && peer['namespaceSelector'] !== null;
    const ipBlock = objectField(peer, 'ipBlock');
    if (ipBlock) {
      if (hasPod || hasNs) {
        this.issue(object, `${where} sets ipBlock with a selector, which the API server rejects; it matches nothing`);
        return undefined;
      }
      const cidrText = stringField(ipBlock, 'cidr');
      const cidr = cidrText !== undefined ? IpSet.cidr(cidrText) : undefined;
      if (!cidr) {
        this.issue(
          object,
          `${where}.ipBlock.cidr ${JSON.stringify(cidrText ?? null)} is not a CIDR; it matches nothing`,
        );
        return undefined;
      }
      let set = cidr;
      for (const ex of arrayField(ipBlock, 'except') ?? []) {
        const exSet = typeof ex === 'string' ? IpSet.cidr(ex) : undefined;
        if (!exSet) this.issue(object, `${where}.ipBlock.except ${JSON.stringify(ex)} is not a CIDR; ignored`);
        else set = set.subtract(exSet);
      }
      return this.predicates.add({ kind: 'ip', set, matchesPods: this.ipBlockMatchesPods });
    }
    if (!hasPod && !hasNs) {
      this.issue(object, `${where} is an empty peer, which the API server rejects; it matches nothing`);
      return undefined;
    }
    const podSelector = hasPod ? this.selector(peer['podSelector'], this.podKeys) : MATCH_ALL;
    if (!hasNs) return this.pods({ namespace, podSelector });
    const namespaceSelector = this.selector(peer['namespaceSelector'], this.namespaceKeys);
    return this.pods({ namespaceSelector, podSelector });
  }

  private npPorts(object: KubeObject, where: string, list: JsonValue[], direction: Direction): PortMatch {
    let conns = ConnSet.NONE;
    const named: PortMatch['named'] = [];
    for (const [i, entry] of list.entries()) {
      if (!isJsonObject(entry)) {
        this.issue(object, `${where}[${i}] is not a mapping; ignored`);
        continue;
      }
      const protocol = parseProtocol(entry['protocol']);
      if (!protocol) {
        this.issue(object, `${where}[${i}].protocol ${JSON.stringify(entry['protocol'])} is not TCP, UDP or SCTP`);
        continue;
      }
      const port = entry['port'];
      const endPort = entry['endPort'];
      if (port === undefined || port === null) {
        conns = conns.union(ConnSet.of(protocol, PortRanges.ALL));
        continue;
      }
      const number =
        typeof port === 'number' ? port : typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : NaN;
      if (!Number.isNaN(number)) {
        const end = typeof endPort === 'number' ? endPort : number;
        if (end < number) this.issue(object, `${where}[${i}].endPort is below port; the entry matches nothing`);
        if (number < MIN_PORT || number > MAX_PORT) this.issue(object, `${where}[${i}].port ${number} is out of range`);
        conns = conns.union(ConnSet.port(protocol, number, end));
      } else if (typeof port === 'string') {
        if (endPort !== undefined && endPort !== null) {
          this.issue(object, `${where}[${i}] sets endPort with a named port, which the API server rejects`);
        }
        named.push({ name: port, protocol });
        this.namedPorts[direction].add(port);
      } else this.issue(object, `${where}[${i}].port is neither a number nor a name; ignored`);
    }
    return { conns, named };
  }

  // ---- AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1) ----------------------------------------------

  adminV1alpha1(object: KubeObject): void {
    const spec = objectField(object.raw, 'spec') ?? {};
    const baseline = object.kind === 'BaselineAdminNetworkPolicy';
    if (baseline && object.name !== 'default') {
      this.issue(object, 'a BaselineAdminNetworkPolicy must be named "default" (the API server rejects others)');
    }
    const priority = baseline ? 0 : numberField(spec, 'priority');
    if (priority === undefined) {
      this.issue(object, 'spec.priority is missing or not a number; ignored');
      return;
    }
    const info = this.info(
      object,
      baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
      baseline ? 'baseline' : 'admin',
      priority,
    );
    const subject = this.adminSubject(object, spec);
    const read = (direction: Direction): Rule[] =>
      (arrayField(spec, direction) ?? []).map((r, i) => this.adminRule(object, info, direction, i, r, 'v1alpha1'));
    const policy: AdminPolicy = { info, subject, ingress: read('ingress'), egress: read('egress') };
    (baseline ? this.baseline : this.admin).push(policy);
  }

  // ---- ClusterNetworkPolicy (v1alpha2) -------------------------------------------------------------------------

  clusterNetworkPolicy(object: KubeObject): void {
    const spec = objectField(object.raw, 'spec') ?? {};
    const tierText = stringField(spec, 'tier');
    if (tierText !== 'Admin' && tierText !== 'Baseline') {
      this.issue(object, `spec.tier ${JSON.stringify(tierText ?? null)} is not Admin or Baseline; ignored`);
      return;
    }
    const priority = numberField(spec, 'priority');
    if (priority === undefined) {
      this.issue(object, 'spec.priority is missing or not a number; ignored');
      return;
    }
    const tier = tierText === 'Admin' ? 'admin' : 'baseline';
    const info = this.info(object, 'ClusterNetworkPolicy', tier, priority);
    const subject = this.adminSubject(object, spec);
    const read = (direction: Direction): Rule[] =>
      (arrayField(spec, direction) ?? []).map((r, i) => this.adminRule(object, info, direction, i, r, 'v1alpha2'));
    const policy: AdminPolicy = { info, subject, ingress: read('ingress'), egress: read('egress') };
    (tier === 'admin' ? this.admin : this.baseline).push(policy);
  }

  private adminSubject(object: KubeObject, spec: JsonObject): number {
    const subject = objectField(spec, 'subject');
    const namespaces = subject?.['namespaces'];
    const pods = objectField(subject, 'pods');
    if (namespaces !== undefined && namespaces !== null) {
      const namespaceSelector = this.selector(namespaces, this.namespaceKeys);
      if (namespaceSelector.valid) return this.pods({ namespaceSelector, podSelector: MATCH_ALL });
    } else if (pods) {
      const namespaceSelector = this.selector(pods['namespaceSelector'], this.namespaceKeys);
      const podSelector = this.selector(pods['podSelector'], this.podKeys);
      if (namespaceSelector.valid && podSelector.valid) return this.pods({ namespaceSelector, podSelector });
    }
    this.issue(object, 'spec.subject selects neither namespaces nor pods validly; the policy applies to no pod');
    return this.pods({ namespaceSelector: MATCH_NONE, podSelector: MATCH_NONE });
  }

  private adminRule(
    object: KubeObject,
    info: PolicyInfo,
    direction: Direction,
    index: number,
    value: JsonValue,
    version: 'v1alpha1' | 'v1alpha2',
  ): Rule {
    const where = `spec.${direction}[${index}]`;
    const failClosed = (action: Action, why: string): Rule => {
      // "Fail closed": an Allow/Accept rule matches nothing, a Deny or Pass rule becomes deny-all.
      this.issue(
        object,
        `${where}: ${why}; ${action === 'allow' ? 'the rule matches nothing' : 'the rule denies all'}`,
      );
      return action === 'allow'
        ? { policy: info, direction, index, action, peers: [], ports: NO_PORTS, note: why }
        : { policy: info, direction, index, action: 'deny', peers: 'all', ports: ALL_PORTS, note: why };
    };
    if (!isJsonObject(value)) return failClosed('deny', 'not a mapping');
    const actionText = stringField(value, 'action');
    const baselineTier = info.tier === 'baseline';
    const action: Action | undefined =
      actionText === (version === 'v1alpha1' ? 'Allow' : 'Accept')
        ? 'allow'
        : actionText === 'Deny'
          ? 'deny'
          : actionText === 'Pass' && !(version === 'v1alpha1' && baselineTier)
            ? 'pass'
            : undefined;
    if (!action) return failClosed('deny', `action ${JSON.stringify(actionText ?? null)} is not supported`);
    const name = stringField(value, 'name');
    const peerField = direction === 'ingress' ? 'from' : 'to';
    const peerList = arrayField(value, peerField) ?? [];
    if (peerList.length === 0) return failClosed(action, `${peerField} is empty`);
    const peers: number[] = [];
    let hasNonPodPeer = false;
    for (const [p, peer] of peerList.entries()) {
      const result = this.adminPeer(peer, direction);
      if (result === 'invalid') return failClosed(action, `${peerField}[${p}] is not a peer this version knows`);
      if (result === 'domains') {
        this.issue(
          object,
          `${where}.${peerField}[${p}]: domainNames peers cannot be resolved offline; matched nothing`,
        );
        hasNonPodPeer = true;
        continue;
      }
      if (this.predicates.specs[result]!.kind !== 'pods') hasNonPodPeer = true;
      peers.push(result);
    }
    const portsField = version === 'v1alpha1' ? 'ports' : 'protocols';
    const portList = arrayField(value, portsField);
    let ports = ALL_PORTS;
    if (portList && portList.length > 0) {
      const parsed =
        version === 'v1alpha1' ? this.anpPorts(portList, direction) : this.cnpProtocols(portList, direction);
      if (!parsed) return failClosed(action, `${portsField} has an entry this version does not know`);
      ports = parsed;
      if (ports.named.length > 0 && hasNonPodPeer) {
        this.issue(object, `${where}: named ports with nodes/networks peers, which the API server rejects`);
      }
    }
    const rule: Rule = {
      policy: info,
      direction,
      index,
      action,
      peers: [...new Set(peers)].sort((a, b) => a - b),
      ports,
    };
    if (name !== undefined) rule.name = name;
    return rule;
  }

  private adminPeer(peer: JsonValue, direction: Direction): number | 'invalid' | 'domains' {
    if (!isJsonObject(peer)) return 'invalid';
    const keys = Object.keys(peer).filter((k) => peer[k] !== undefined && peer[k] !== null);
    if (keys.length !== 1) return 'invalid';
    const key = keys[0]!;
    const value = peer[key];
    switch (key) {
      case 'namespaces': {
        const namespaceSelector = this.selector(value, this.namespaceKeys);
        return namespaceSelector.valid ? this.pods({ namespaceSelector, podSelector: MATCH_ALL }) : 'invalid';
      }
      case 'pods': {
        if (!isJsonObject(value)) return 'invalid';
        const namespaceSelector = this.selector(value['namespaceSelector'], this.namespaceKeys);
        const podSelector = this.selector(value['podSelector'], this.podKeys);
        return namespaceSelector.valid && podSelector.valid ? this.pods({ namespaceSelector, podSelector }) : 'invalid';
      }
      case 'nodes': {
        if (direction !== 'egress') return 'invalid';
        const selector = this.selector(value, this.nodeKeys);
        return selector.valid ? this.predicates.add({ kind: 'nodes', selector }) : 'invalid';
      }
      case 'networks': {
        if (direction !== 'egress' || !Array.isArray(value) || value.length === 0) return 'invalid';
        let set = IpSet.EMPTY;
        for (const cidr of value) {
          const range = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
          if (!range) return 'invalid';
          set = set.union(IpSet.fromRanges([range]));
        }
        return this.predicates.add({ kind: 'ip', set, matchesPods: true });
      }
      case 'domainNames':
        return direction === 'egress' ? 'domains' : 'invalid';
      default:
        return 'invalid';
    }
  }

  /** v1alpha1 `ports`: portNumber {protocol, port}, namedPort, portRange {protocol, start, end}. */
  private anpPorts(list: JsonValue[], direction: Direction): PortMatch | undefined {
    let conns = ConnSet.NONE;
    const named: PortMatch['named'] = [];
    for (const entry of list) {
      if (!isJsonObject(entry)) return undefined;
      const number = objectField(entry, 'portNumber');
      const range = objectField(entry, 'portRange');
      const namedPort = stringField(entry, 'namedPort');
      if (number) {
        const protocol = parseProtocol(number['protocol']);
        const port = numberField(number, 'port');
        if (!protocol || port === undefined) return undefined;
        conns = conns.union(ConnSet.port(protocol, port));
      } else if (range) {
        const protocol = parseProtocol(range['protocol']);
        const start = numberField(range, 'start');
        const end = numberField(range, 'end');
        if (!protocol || start === undefined || end === undefined) return undefined;
        conns = conns.union(ConnSet.port(protocol, start, end));
      } else if (namedPort !== undefined) {
        named.push({ name: namedPort });
        this.namedPorts[direction].add(namedPort);
      } else return undefined;
    }
    return { conns, named };
  }

  /** v1alpha2 `protocols`: tcp/udp/sctp {destinationPort: {number} | {range: {start, end}}}, destinationNamedPort. */
  private cnpProtocols(list: JsonValue[], direction: Direction): PortMatch | undefined {
    let conns = ConnSet.NONE;
    const named: PortMatch['named'] = [];
    for (const entry of list) {
      if (!isJsonObject(entry)) return undefined;
      const namedPort = stringField(entry, 'destinationNamedPort');
      if (namedPort !== undefined) {
        named.push({ name: namedPort });
        this.namedPorts[direction].add(namedPort);
        continue;
      }
      let matched = false;
      for (const [field, protocol] of [
        ['tcp', 'TCP'],
        ['udp', 'UDP'],
        ['sctp', 'SCTP'],
      ] as const) {
        if (!(field in entry)) continue;
        matched = true;
        const body = entry[field];
        const destination = isJsonObject(body) ? objectField(body, 'destinationPort') : undefined;
        if (!destination) {
          conns = conns.union(ConnSet.of(protocol, PortRanges.ALL));
          continue;
        }
        const number = numberField(destination, 'number');
        const range = objectField(destination, 'range');
        if (number !== undefined) conns = conns.union(ConnSet.port(protocol, number));
        else if (range) {
          const start = numberField(range, 'start');
          const end = numberField(range, 'end');
          if (start === undefined || end === undefined) return undefined;
          conns = conns.union(ConnSet.port(protocol, start, end));
        } else return undefined;
      }
      if (!matched) return undefined;
    }
    return { conns, named };
  }
}

function numberField(obj: JsonObject | undefined, key: string): number | undefined {
  const value = obj?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
