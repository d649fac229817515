/**
 * Exposure to the Internet, computed along the path traffic takes: Internet → load balancer, node port, external IP,
 * host port or host network → backend pods; and Internet → ingress controller or Gateway data-plane pods → backend
 * pods. Each hop is subject to the policies that apply to it: the first hop to the entry pods' ingress policies
 * (from Internet addresses, or from node addresses where the node rewrites the source), the second hop to the
 * controller's egress and the backend's ingress policies.
 */
import { arrayField, isJsonObject, objectField, stringField, stringMap, type JsonObject } from '../inventory/json.js';
import type { KubeObject } from '../inventory/types.js';
import type { Endpoint } from './endpoints.js';
import type { PeerClass } from './engine.js';
import { INTERNET, IpSet, parseCidr, parseIp } from './ip.js';
import { ConnSet, ConnTable, parseProtocol, type Protocol } from './ports.js';
import type { Reachability } from './reachability.js';
import { matches, parseSelector } from '../inventory/selectors.js';

export type EntryKind = 'LoadBalancer' | 'NodePort' | 'ExternalIP' | 'HostPort' | 'HostNetwork' | 'Ingress' | 'Gateway';

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** One way in from the Internet to a workload. */
export interface ExposurePath {
  entry: EntryKind;
  /** The object that opens the way: a Service, an Ingress, a Gateway, or the workload itself (host ports). */
  object: ObjectRef;
  /** The port the Internet connects to (service port, node port, host port, listener port). */
  port?: number;
  protocol?: Protocol;
  /** The Service between an Ingress/route and the backend pods. */
  service?: ObjectRef;
  /** The route that sends Gateway traffic to the backend. */
  route?: ObjectRef;
  /** Host names the entry serves (Ingress rules, Gateway listeners and routes). */
  hosts?: string[];
  tls?: boolean;
  /**
   * The pods traffic passes through before the backend: the ingress controller or Gateway data plane (workload ids),
   * `unknown` when no such pods are in the input (any pod is then assumed to be it), `cloud` for a cloud load balancer
   * controller that sends traffic straight to the backends.
   */
  via?: string[] | 'unknown' | 'cloud';
  /** `Internet`, or the Internet address ranges admitted at the entry when loadBalancerSourceRanges narrow it. */
  sources: string;
  /** Connections open at the backend pods (container ports). */
  conns: ConnSet;
  /** Assumptions the result rests on (e.g. that nodes are reachable when the input has no Node objects). */
  assumptions?: string[];
}

export interface Exposure {
  /** Workload id. */
  workload: string;
  /** Index in `Reachability.workloads`. */
  index: number;
  /** Union over all paths. */
  conns: ConnSet;
  paths: ExposurePath[];
  /** The same per pod (endpoint index). */
  endpoints: { endpoint: number; conns: ConnSet }[];
}

export interface ExposureOptions {
  /**
   * Whether node addresses are reachable from the Internet: `auto` (default) says yes when a Node has a public
   * ExternalIP, and assumes yes when the input has no Node objects.
   */
  nodesPublic?: 'auto' | boolean;
}

const INTERNET_NAME = 'Internet';

const INTERNAL_LB_ANNOTATIONS: [string, RegExp][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', /^private$/i],
];

/** Ingress controllers whose load balancer sends traffic straight to the backends (no controller pods on the path). */
const CLOUD_CONTROLLERS = new Set([
  'ingress.k8s.aws/alb',
  'networking.gke.io/ingress-gce',
  'azure/application-gateway',
  'k8s.io/ingress-gce',
]);

/** Controller names and what their pods look like, for when the controller's own flags do not name its class. */
const KNOWN_CONTROLLERS: { controller: RegExp; image?: RegExp; labels?: Record<string, string> }[] = [
  {
    controller: /^k8s\.io\/ingress-nginx$/,
    image: /ingress-nginx\/controller/,
    labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
  },
  { controller: /^nginx\.org\/ingress-controller$/, image: /nginx-ingress/ },
  { controller: /^traefik\.io\/ingress-controller$/, image: /traefik/ },
  { controller: /^haproxy\.org\/ingress-controller/, image: /haproxy.*ingress|kubernetes-ingress/ },
  { controller: /^ingress-controllers\.konghq\.com\/kong$|^konghq\.com\//, image: /kong/ },
  { controller: /^projectcontour\.io\//, image: /envoyproxy\/envoy/ },
];

/** The annotation-era class names of well-known controllers. */
const LEGACY_CLASSES: Record<string, string> = {
  nginx: 'k8s.io/ingress-nginx',
  traefik: 'traefik.io/ingress-controller',
  haproxy: 'haproxy.org/ingress-controller/haproxy',
  kong: 'ingress-controllers.konghq.com/kong',
  contour: 'projectcontour.io/ingress-controller',
  alb: 'ingress.k8s.aws/alb',
  gce: 'k8s.io/ingress-gce',
  'azure/application-gateway': 'azure/application-gateway',
};

interface ServicePort {
  name?: string;
  port: number;
  protocol: Protocol;
  targetPort: number | string;
  nodePort?: number;
}

interface ServiceView {
  object: KubeObject;
  type: string;
  selector: Record<string, string> | undefined;
  ports: ServicePort[];
  backends: number[];
  sourceRanges: IpSet;
  externalIPs: bigint[];
  localTraffic: boolean;
  internal: boolean;
}

/** The CIDRs exposure analysis cuts the address space at (LoadBalancer source ranges); give them to the engine. */
export function exposureCidrs(objects: readonly KubeObject[]): IpSet[] {
  const out: IpSet[] = [];
  for (const o of objects) {
    if (o.kind !== 'Service' || o.group !== '') continue;
    for (const r of arrayField(objectField(o.raw, 'spec'), 'loadBalancerSourceRanges') ?? []) {
      const range = typeof r === 'string' ? parseCidr(r) : undefined;
      if (range) out.push(IpSet.fromRanges([range]));
    }
  }
  return out;
}

export function internetExposure(reach: Reachability, options: ExposureOptions = {}): Exposure[] {
  return new ExposureAnalysis(reach, options).run();
}

class ExposureAnalysis {
  private readonly engine;
  private readonly endpoints: Endpoint[];
  private readonly objects: KubeObject[];
  private readonly nodesPublic: boolean;
  private readonly nodesAssumed: boolean;
  private readonly nodeIps: IpSet;
  private readonly byNamespace = new Map<string, number[]>();
  private readonly services = new Map<string, ServiceView>();
  private readonly exposures = new Map<number, Exposure>();
  private readonly ingressMemo = new Map<string, number>();
  private readonly anyPodMemo = new Map<number, ConnSet>();
  private unlabelled: PeerClass | undefined;

  constructor(
    private readonly reach: Reachability,
    options: ExposureOptions,
  ) {
    this.engine = reach.engine;
    this.endpoints = reach.engine.endpoints.endpoints;
    this.objects = reach.inventory.objects;
    const nodes = [...reach.engine.endpoints.nodes.values()];
    const setting = options.nodesPublic ?? 'auto';
    const external = nodes.some((n) =>
      n.addresses.some((a) => a.type === 'ExternalIP' && INTERNET.has(parseIp(a.address) ?? -1n)),
    );
    this.nodesPublic = setting === 'auto' ? nodes.length === 0 || external : setting;
    this.nodesAssumed = setting === 'auto' && nodes.length === 0;
    const ranges: [bigint, bigint][] = [];
    for (const n of nodes) {
      for (const a of n.addresses) {
        const ip = a.type === 'InternalIP' || a.type === 'ExternalIP' ? parseIp(a.address) : undefined;
        if (ip !== undefined) ranges.push([ip, ip]);
      }
    }
    this.nodeIps = IpSet.fromRanges(ranges);
    for (const e of this.endpoints) {
      const list = this.byNamespace.get(e.namespace) ?? [];
      list.push(e.index);
      this.byNamespace.set(e.namespace, list);
    }
  }

  run(): Exposure[] {
    for (const o of this.objects) if (o.kind === 'Service' && o.group === '') this.readService(o);
    for (const svc of this.services.values()) this.serviceEntries(svc);
    this.hostEntries();
    // Second hops go through entry pods whose own exposure is now known.
    const entryExposed = new Map([...this.exposures].map(([w, e]) => [w, e.conns]));
    this.ingresses(entryExposed);
    this.gateways(entryExposed);
    return [...this.exposures.values()].sort((a, b) =>
      a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : 0,
    );
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private add(endpoint: number, path: ExposurePath): void {
    if (path.conns.isEmpty()) return;
    const w = this.endpoints[endpoint]!.workload;
    let e = this.exposures.get(w);
    if (!e) {
      e = { workload: this.reach.workloads[w]!.id, index: w, conns: ConnSet.NONE, paths: [], endpoints: [] };
      this.exposures.set(w, e);
    }
    e.conns = e.conns.union(path.conns);
    const mine = e.endpoints.find((x) => x.endpoint === endpoint);
    if (mine) mine.conns = mine.conns.union(path.conns);
    else e.endpoints.push({ endpoint, conns: path.conns });
    const same = e.paths.find(
      (p) =>
        p.entry === path.entry &&
        p.object.kind === path.object.kind &&
        p.object.namespace === path.object.namespace &&
        p.object.name === path.object.name &&
        p.port === path.port &&
        p.service?.name === path.service?.name &&
        p.route?.name === path.route?.name,
    );
    if (same) same.conns = same.conns.union(path.conns);
    else e.paths.push(path);
  }

  /** What endpoint e's ingress admits from any address of `sources` (memoised per class). */
  private ingressFrom(e: number, sources: IpSet, key: string): ConnSet {
    const ep = this.endpoints[e]!;
    if (ep.hostNetwork) return ConnSet.ALL;
    const cls = this.engine.classOf[e]!;
    const memoKey = `${cls}|${key}`;
    let id = this.ingressMemo.get(memoKey);
    if (id === undefined) {
      id = ConnTable.NONE;
      const atoms = this.engine.atoms;
      for (let a = 0; a < atoms.count; a++) {
        const overlap = sources.intersect(IpSet.fromRanges([[atoms.start(a), atoms.end(a)]]));
        if (overlap.isEmpty()) continue;
        id = this.engine.conns.union(id, this.engine.ingress(cls, this.engine.atomClass[a]!));
      }
      this.ingressMemo.set(memoKey, id);
    }
    return this.engine.conns.get(id);
  }

  /** The container port a service port's targetPort means on one endpoint. */
  private target(port: ServicePort, e: number): number | undefined {
    if (typeof port.targetPort === 'number') return port.targetPort;
    const found = this.endpoints[e]!.ports.find((p) => p.name === port.targetPort && p.protocol === port.protocol);
    return found?.port;
  }

  private ref(o: KubeObject): ObjectRef {
    return o.namespace !== undefined
      ? { kind: o.kind, namespace: o.namespace, name: o.name }
      : { kind: o.kind, name: o.name };
  }

  private workloadId(w: number): string {
    return this.reach.workloads[w]!.id;
  }

  // ---- services ----------------------------------------------------------------------------------------------

  private readService(o: KubeObject): void {
    const spec = objectField(o.raw, 'spec') ?? {};
    const type = stringField(spec, 'type') ?? 'ClusterIP';
    if (type === 'ExternalName') return;
    const selectorMap = objectField(spec, 'selector') ? stringMap(spec, 'selector') : undefined;
    const ports: ServicePort[] = [];
    for (const p of arrayField(spec, 'ports') ?? []) {
      if (!isJsonObject(p) || typeof p['port'] !== 'number') continue;
      const protocol = parseProtocol(p['protocol']);
      if (!protocol) continue;
      const target = p['targetPort'];
      const sp: ServicePort = {
        port: p['port'],
        protocol,
        targetPort: typeof target === 'number' || (typeof target === 'string' && target !== '') ? target : p['port'],
      };
      if (typeof sp.targetPort === 'string' && /^\d+$/.test(sp.targetPort)) sp.targetPort = Number(sp.targetPort);
      const name = stringField(p, 'name');
      if (name) sp.name = name;
      if (typeof p['nodePort'] === 'number') sp.nodePort = p['nodePort'];
      ports.push(sp);
    }
    const backends =
      selectorMap && Object.keys(selectorMap).length > 0
        ? (this.byNamespace.get(o.namespace ?? '') ?? []).filter((e) => {
            const labels = this.endpoints[e]!.labels;
            return Object.entries(selectorMap).every(([k, v]) => labels[k] === v);
          })
        : [];
    const ranges = (arrayField(spec, 'loadBalancerSourceRanges') ?? []).flatMap((r) => {
      const range = typeof r === 'string' ? parseCidr(r) : undefined;
      return range ? [range] : [];
    });
    const externalIPs = (arrayField(spec, 'externalIPs') ?? []).flatMap((ip) => {
      const point = typeof ip === 'string' ? parseIp(ip) : undefined;
      return point !== undefined ? [point] : [];
    });
    this.services.set(`${o.namespace}/${o.name}`, {
      object: o,
      type,
      selector: selectorMap,
      ports,
      backends,
      sourceRanges: ranges.length > 0 ? IpSet.fromRanges(ranges) : IpSet.ALL,
      externalIPs,
      localTraffic: stringField(spec, 'externalTrafficPolicy') === 'Local',
      internal: INTERNAL_LB_ANNOTATIONS.some(([k, re]) => re.test(o.annotations[k] ?? '')),
    });
  }

  private serviceEntries(svc: ServiceView): void {
    const entries: {
      entry: EntryKind;
      sources: IpSet;
      port: (p: ServicePort) => number | undefined;
      assumed?: string;
    }[] = [];
    if (svc.type === 'LoadBalancer' && !svc.internal) {
      entries.push({ entry: 'LoadBalancer', sources: INTERNET.intersect(svc.sourceRanges), port: (p) => p.port });
    }
    if ((svc.type === 'NodePort' || svc.type === 'LoadBalancer') && this.nodesPublic) {
      const entry: (typeof entries)[number] = { entry: 'NodePort', sources: INTERNET, port: (p) => p.nodePort };
      if (this.nodesAssumed) entry.assumed = 'node addresses are reachable from the Internet (the input has no Nodes)';
      entries.push(entry);
    }
    if (svc.externalIPs.some((ip) => INTERNET.has(ip))) {
      entries.push({ entry: 'ExternalIP', sources: INTERNET, port: (p) => p.port });
    }
    for (const entry of entries) {
      if (entry.sources.isEmpty()) continue;
      const key = entry.sources.equals(INTERNET) ? INTERNET_NAME : entry.sources.toString();
      for (const sp of svc.ports) {
        const entryPort = entry.port(sp);
        if (entryPort === undefined) continue;
        for (const e of svc.backends) {
          const target = this.target(sp, e);
          if (target === undefined) continue;
          const allowed = this.firstHop(e, entry.sources, key, svc.localTraffic);
          const conns = allowed.intersect(ConnSet.port(sp.protocol, target));
          const path: ExposurePath = {
            entry: entry.entry,
            object: this.ref(svc.object),
            port: entryPort,
            protocol: sp.protocol,
            sources: key,
            conns,
          };
          if (entry.assumed) path.assumptions = [entry.assumed];
          this.add(e, path);
        }
      }
    }
  }

  /**
   * What reaches endpoint e from Internet `sources` through a node: with externalTrafficPolicy Local the client address
   * is kept; with Cluster the node may rewrite it to its own, so the node addresses count too.
   */
  private firstHop(e: number, sources: IpSet, key: string, local: boolean): ConnSet {
    let allowed = this.ingressFrom(e, sources, key);
    if (!local && !this.nodeIps.isEmpty()) allowed = allowed.union(this.ingressFrom(e, this.nodeIps, 'nodes'));
    return allowed;
  }

  // ---- host ports and host network ---------------------------------------------------------------------------

  private hostEntries(): void {
    if (!this.nodesPublic) return;
    const assumptions = this.nodesAssumed
      ? ['node addresses are reachable from the Internet (the input has no Nodes)']
      : undefined;
    for (const ep of this.endpoints) {
      const wl = this.reach.workloads[ep.workload]!;
      const object: ObjectRef = { kind: wl.kind, namespace: wl.namespace, name: wl.name };
      for (const p of ep.ports) {
        if (!ep.hostNetwork && p.hostPort === undefined) continue;
        const conns = ep.hostNetwork
          ? ConnSet.port(p.protocol, p.port)
          : this.ingressFrom(ep.index, INTERNET, INTERNET_NAME).intersect(ConnSet.port(p.protocol, p.port));
        const path: ExposurePath = {
          entry: ep.hostNetwork ? 'HostNetwork' : 'HostPort',
          object,
          port: ep.hostNetwork ? p.port : p.hostPort!,
          protocol: p.protocol,
          sources: INTERNET_NAME,
          conns,
        };
        if (assumptions) path.assumptions = assumptions;
        this.add(ep.index, path);
      }
    }
  }

  // ---- second hops -------------------------------------------------------------------------------------------

  /**
   * Connections from the entry pods (or, when unknown, any pod) to backend endpoint e on its target port. Returns the
   * connections and the entry workloads that have them.
   */
  private secondHop(
    e: number,
    target: ConnSet,
    via: number[] | 'unknown' | 'cloud',
    entryExposed: Map<number, ConnSet>,
  ): { conns: ConnSet; through: string[] | 'unknown' | 'cloud' } {
    if (via === 'cloud')
      return { conns: this.ingressFrom(e, INTERNET, INTERNET_NAME).intersect(target), through: 'cloud' };
    const engine = this.engine;
    if (via === 'unknown') {
      const dst = engine.classOf[e]!;
      let conns = this.anyPodMemo.get(dst);
      if (!conns) {
        let id = ConnTable.NONE;
        for (const cls of engine.classes) {
          if (cls.kind !== 'pod') continue;
          id = engine.conns.union(id, engine.classConn(cls.id, dst));
          if (id === ConnTable.ALL) break;
        }
        conns = engine.conns.get(id).union(this.fromUnlabelledPod(dst));
        this.anyPodMemo.set(dst, conns);
      }
      return { conns: conns.intersect(target), through: 'unknown' };
    }
    let conns = ConnSet.NONE;
    const through: string[] = [];
    const w2 = this.endpoints[e]!.workload;
    for (const w of via) {
      if (!entryExposed.has(w)) continue;
      let part = ConnSet.NONE;
      for (const a of engine.endpoints.byWorkload[w]!) part = part.union(engine.conns.get(engine.endpointConn(a, e)));
      part = part.intersect(target);
      if (w === w2 || part.isEmpty()) continue;
      conns = conns.union(part);
      through.push(this.workloadId(w));
    }
    return { conns, through };
  }

  /**
   * What a pod with no labels, in a namespace of its own with no labels, may open to class dst: the stand-in for an
   * entry proxy the input does not show (its egress is taken as unrestricted).
   */
  private fromUnlabelledPod(dst: number): ConnSet {
    const engine = this.engine;
    if (!this.unlabelled) {
      const nsLabels = { 'kubernetes.io/metadata.name': '\u0000unknown' };
      const members: number[] = [];
      engine.policies.predicates.specs.forEach((spec, id) => {
        if (spec.kind !== 'pods' || spec.namespace !== undefined) return;
        if (matches(spec.namespaceSelector!, nsLabels) && matches(spec.podSelector, {})) members.push(id);
      });
      this.unlabelled = {
        id: -1,
        kind: 'pod',
        members: Int32Array.from(members),
        ports: new Map(),
        egressPortSig: -1,
        size: 1,
      };
    }
    const p = engine.ingressProfile[dst]!;
    return p < 0 ? ConnSet.ALL : engine.conns.get(engine.evaluate(engine.profiles[p]!, this.unlabelled));
  }

  private resolveBackend(
    namespace: string,
    name: string,
    port: { number?: number; name?: string },
  ): { svc: ServiceView; sp: ServicePort } | undefined {
    const svc = this.services.get(`${namespace}/${name}`);
    if (!svc) return undefined;
    const sp = svc.ports.find((p) => (port.number !== undefined ? p.port === port.number : p.name === port.name));
    return sp ? { svc, sp } : undefined;
  }

  // ---- Ingress -----------------------------------------------------------------------------------------------

  private ingresses(entryExposed: Map<number, ConnSet>): void {
    const classes = new Map<string, string>();
    const defaults: string[] = [];
    for (const o of this.objects) {
      if (o.kind !== 'IngressClass' || o.group !== 'networking.k8s.io') continue;
      const controller = stringField(objectField(o.raw, 'spec'), 'controller');
      if (controller) classes.set(o.name, controller);
      if (o.annotations['ingressclass.kubernetes.io/is-default-class'] === 'true') defaults.push(o.name);
    }
    const controllerCache = new Map<string, number[] | 'unknown' | 'cloud'>();
    for (const o of this.objects) {
      if (o.kind !== 'Ingress' || (o.group !== 'networking.k8s.io' && o.group !== 'extensions')) continue;
      const spec = objectField(o.raw, 'spec') ?? {};
      const className =
        stringField(spec, 'ingressClassName') ?? o.annotations['kubernetes.io/ingress.class'] ?? defaults[0] ?? '';
      const controller = classes.get(className) ?? LEGACY_CLASSES[className] ?? '';
      const key = `${className}|${controller}`;
      let via = controllerCache.get(key);
      if (!via) {
        via = this.findIngressControllers(className, controller);
        controllerCache.set(key, via);
      }
      const tlsHosts = new Set<string>();
      let tlsAll = false;
      for (const t of arrayField(spec, 'tls') ?? []) {
        const hosts = isJsonObject(t) ? arrayField(t, 'hosts') : undefined;
        if (!hosts || hosts.length === 0) tlsAll = true;
        for (const h of hosts ?? []) if (typeof h === 'string') tlsHosts.add(h);
      }
      const backends: { host?: string; service: string; port: { number?: number; name?: string } }[] = [];
      const backendOf = (b: JsonObject | undefined, host?: string) => {
        const service = objectField(b, 'service');
        const name = stringField(service, 'name') ?? stringField(b, 'serviceName');
        const portObj = objectField(service, 'port');
        const legacy = b?.['servicePort'];
        const port =
          portObj !== undefined
            ? typeof portObj['number'] === 'number'
              ? { number: portObj['number'] }
              : { name: stringField(portObj, 'name') ?? '' }
            : typeof legacy === 'number'
              ? { number: legacy }
              : { name: typeof legacy === 'string' ? legacy : '' };
        if (name) backends.push({ ...(host !== undefined ? { host } : {}), service: name, port });
      };
      backendOf(objectField(spec, 'defaultBackend') ?? objectField(spec, 'backend'));
      for (const rule of arrayField(spec, 'rules') ?? []) {
        if (!isJsonObject(rule)) continue;
        const host = stringField(rule, 'host');
        for (const p of arrayField(objectField(rule, 'http'), 'paths') ?? []) {
          if (isJsonObject(p)) backendOf(objectField(p, 'backend'), host ?? '*');
        }
      }
      for (const b of backends) {
        const resolved = this.resolveBackend(o.namespace ?? '', b.service, b.port);
        if (!resolved) continue;
        const { svc, sp } = resolved;
        for (const e of svc.backends) {
          const target = this.target(sp, e);
          if (target === undefined) continue;
          const hop = this.secondHop(e, ConnSet.port(sp.protocol, target), via, entryExposed);
          const path: ExposurePath = {
            entry: 'Ingress',
            object: this.ref(o),
            port: tlsAll || (b.host !== undefined && tlsHosts.has(b.host)) ? 443 : 80,
            protocol: 'TCP',
            service: this.ref(svc.object),
            tls: tlsAll || (b.host !== undefined && tlsHosts.has(b.host)),
            via: hop.through,
            sources: INTERNET_NAME,
            conns: hop.conns,
          };
          if (b.host !== undefined) path.hosts = [b.host];
          if (via === 'unknown')
            path.assumptions = [`no pods of ingress controller "${controller || className}" in the input`];
          this.add(e, path);
        }
      }
    }
  }

  /** The workloads that run an ingress class's controller (see docs/network.md for the heuristic). */
  private findIngressControllers(className: string, controller: string): number[] | 'unknown' | 'cloud' {
    if (CLOUD_CONTROLLERS.has(controller)) return 'cloud';
    const known = KNOWN_CONTROLLERS.find((k) => k.controller.test(controller));
    const found: number[] = [];
    this.reach.workloads.forEach((w, i) => {
      const args = w.template.containers.flatMap((c) =>
        [...(arrayField(c.raw, 'args') ?? []), ...(arrayField(c.raw, 'command') ?? [])].filter(
          (a): a is string => typeof a === 'string',
        ),
      );
      const flag = (name: string) => args.some((a) => a === `${name}=${className}` || a === `${name}=${controller}`);
      const byFlag =
        (controller !== '' && args.some((a) => a === `--controller-class=${controller}`)) ||
        (className !== '' &&
          (flag('--ingress-class') || flag('--ingressclass') || flag('--providers.kubernetesingress.ingressclass')));
      const byImage = known?.image !== undefined && w.template.containers.some((c) => known.image!.test(c.image ?? ''));
      const byLabels =
        known?.labels !== undefined && Object.entries(known.labels).every(([k, v]) => w.template.labels[k] === v);
      if (byFlag || byImage || byLabels) found.push(i);
    });
    return found.length > 0 ? found : 'unknown';
  }

  // ---- Gateway API -------------------------------------------------------------------------------------------

  private gateways(entryExposed: Map<number, ConnSet>): void {
    const GROUP = 'gateway.networking.k8s.io';
    const gateways = this.objects.filter((o) => o.kind === 'Gateway' && o.group === GROUP);
    if (gateways.length === 0) return;
    const grants = this.objects.filter((o) => o.kind === 'ReferenceGrant' && o.group === GROUP);
    const nsLabels = this.engine.endpoints.namespaceLabels;
    for (const gw of gateways) {
      const gwNs = gw.namespace ?? '';
      const dataPlane = this.dataPlaneOf(gw);
      const facing = dataPlane.length > 0 ? dataPlane.some((w) => entryExposed.has(w)) : this.gatewayFacing(gw);
      if (!facing) continue;
      const via: number[] | 'unknown' = dataPlane.length > 0 ? dataPlane : 'unknown';
      const listeners = (arrayField(objectField(gw.raw, 'spec'), 'listeners') ?? []).filter(isJsonObject);
      for (const route of this.objects) {
        if (route.group !== GROUP || !/^(HTTP|GRPC|TLS|TCP|UDP)Route$/.test(route.kind)) continue;
        const rNs = route.namespace ?? '';
        const spec = objectField(route.raw, 'spec') ?? {};
        const attached = (arrayField(spec, 'parentRefs') ?? []).filter(isJsonObject).flatMap((ref) => {
          if ((stringField(ref, 'kind') ?? 'Gateway') !== 'Gateway') return [];
          if ((stringField(ref, 'group') ?? GROUP) !== GROUP) return [];
          if (stringField(ref, 'name') !== gw.name || (stringField(ref, 'namespace') ?? rNs) !== gwNs) return [];
          const section = stringField(ref, 'sectionName');
          const port = typeof ref['port'] === 'number' ? ref['port'] : undefined;
          return listeners.filter(
            (l) =>
              (section === undefined || stringField(l, 'name') === section) &&
              (port === undefined || l['port'] === port) &&
              this.listenerAllows(l, route.kind, rNs, gwNs, nsLabels.get(rNs) ?? {}),
          );
        });
        if (attached.length === 0) continue;
        const hostnames = (arrayField(spec, 'hostnames') ?? []).filter((h): h is string => typeof h === 'string');
        for (const rule of arrayField(spec, 'rules') ?? []) {
          for (const ref of arrayField(isJsonObject(rule) ? rule : undefined, 'backendRefs') ?? []) {
            if (!isJsonObject(ref)) continue;
            if ((stringField(ref, 'kind') ?? 'Service') !== 'Service' || (stringField(ref, 'group') ?? '') !== '')
              continue;
            const name = stringField(ref, 'name');
            const ns = stringField(ref, 'namespace') ?? rNs;
            if (!name || typeof ref['port'] !== 'number') continue;
            if (ns !== rNs && !this.granted(grants, route.kind, rNs, ns, name)) continue;
            const resolved = this.resolveBackend(ns, name, { number: ref['port'] });
            if (!resolved) continue;
            for (const listener of attached) {
              const tlsMode = stringField(objectField(listener, 'tls'), 'mode');
              const protocol = stringField(listener, 'protocol') ?? '';
              for (const e of resolved.svc.backends) {
                const target = this.target(resolved.sp, e);
                if (target === undefined) continue;
                const hop = this.secondHop(e, ConnSet.port(resolved.sp.protocol, target), via, entryExposed);
                const path: ExposurePath = {
                  entry: 'Gateway',
                  object: this.ref(gw),
                  protocol: protocol === 'UDP' ? 'UDP' : 'TCP',
                  service: this.ref(resolved.svc.object),
                  route: this.ref(route),
                  tls: protocol === 'HTTPS' || protocol === 'TLS' || tlsMode !== undefined,
                  via: hop.through,
                  sources: INTERNET_NAME,
                  conns: hop.conns,
                };
                if (typeof listener['port'] === 'number') path.port = listener['port'];
                const listenerHost = stringField(listener, 'hostname');
                const hosts = hostnames.length > 0 ? hostnames : listenerHost ? [listenerHost] : [];
                if (hosts.length > 0) path.hosts = hosts;
                if (via === 'unknown')
                  path.assumptions = [`no data-plane pods of Gateway ${gwNs}/${gw.name} in the input`];
                this.add(e, path);
              }
            }
          }
        }
      }
    }
  }

  /** Workloads whose pods carry the labels Gateway implementations put on a Gateway's data plane. */
  private dataPlaneOf(gw: KubeObject): number[] {
    const out: number[] = [];
    this.reach.workloads.forEach((w, i) => {
      const l = w.template.labels;
      const ns = w.namespace;
      if (
        (l['gateway.networking.k8s.io/gateway-name'] === gw.name && ns === gw.namespace) ||
        (l['istio.io/gateway-name'] === gw.name && ns === gw.namespace) ||
        (l['gateway.envoyproxy.io/owning-gateway-name'] === gw.name &&
          l['gateway.envoyproxy.io/owning-gateway-namespace'] === gw.namespace)
      ) {
        out.push(i);
      }
    });
    return out;
  }

  /**
   * Without data-plane pods: a Gateway faces the Internet when a Service for it (by the implementations' labels) is a
   * public LoadBalancer, or when its addresses include a public IP or a host name.
   */
  private gatewayFacing(gw: KubeObject): boolean {
    for (const svc of this.services.values()) {
      const l = { ...svc.object.labels, ...(svc.selector ?? {}) };
      const mine =
        (l['gateway.networking.k8s.io/gateway-name'] === gw.name && svc.object.namespace === gw.namespace) ||
        (l['gateway.envoyproxy.io/owning-gateway-name'] === gw.name &&
          l['gateway.envoyproxy.io/owning-gateway-namespace'] === gw.namespace);
      if (!mine) continue;
      if (svc.type === 'LoadBalancer' && !svc.internal && !INTERNET.intersect(svc.sourceRanges).isEmpty()) return true;
      if ((svc.type === 'NodePort' || svc.type === 'LoadBalancer') && this.nodesPublic) return true;
      if (svc.externalIPs.some((ip) => INTERNET.has(ip))) return true;
    }
    const addresses = [
      ...(arrayField(objectField(gw.raw, 'status'), 'addresses') ?? []),
      ...(arrayField(objectField(gw.raw, 'spec'), 'addresses') ?? []),
    ].filter(isJsonObject);
    return addresses.some((a) => {
      const value = stringField(a, 'value') ?? '';
      const type = stringField(a, 'type') ?? 'IPAddress';
      if (type === 'Hostname') return value !== '';
      const ip = parseIp(value);
      return ip !== undefined && INTERNET.has(ip);
    });
  }

  private listenerAllows(
    listener: JsonObject,
    routeKind: string,
    routeNs: string,
    gwNs: string,
    routeNsLabels: Readonly<Record<string, string>>,
  ): boolean {
    const allowed = objectField(listener, 'allowedRoutes');
    const namespaces = objectField(allowed, 'namespaces');
    const from = stringField(namespaces, 'from') ?? 'Same';
    if (from === 'Same' && routeNs !== gwNs) return false;
    if (from === 'Selector' && !matches(parseSelector(namespaces?.['selector']), routeNsLabels)) return false;
    if (from !== 'Same' && from !== 'All' && from !== 'Selector') return false;
    const kinds = arrayField(allowed, 'kinds');
    if (kinds && kinds.length > 0) return kinds.some((k) => isJsonObject(k) && stringField(k, 'kind') === routeKind);
    const protocol = stringField(listener, 'protocol') ?? '';
    const byProtocol: Record<string, string[]> = {
      HTTP: ['HTTPRoute', 'GRPCRoute'],
      HTTPS: ['HTTPRoute', 'GRPCRoute'],
      TLS: ['TLSRoute', 'TCPRoute'],
      TCP: ['TCPRoute'],
      UDP: ['UDPRoute'],
    };
    return byProtocol[protocol]?.includes(routeKind) ?? true;
  }

  private granted(grants: KubeObject[], routeKind: string, fromNs: string, toNs: string, name: string): boolean {
    return grants.some((g) => {
      if (g.namespace !== toNs) return false;
      const spec = objectField(g.raw, 'spec');
      const from = (arrayField(spec, 'from') ?? []).some(
        (f) =>
          isJsonObject(f) &&
          stringField(f, 'group') === 'gateway.networking.k8s.io' &&
          stringField(f, 'kind') === routeKind &&
          stringField(f, 'namespace') === fromNs,
      );
      const to = (arrayField(spec, 'to') ?? []).some(
        (t) =>
          isJsonObject(t) &&
          (stringField(t, 'group') ?? '') === '' &&
          stringField(t, 'kind') === 'Service' &&
          (stringField(t, 'name') === undefined || stringField(t, 'name') === name),
      );
      return from && to;
    });
  }
}
