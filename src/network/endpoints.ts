/**
 * The endpoints network analysis reasons about: every running pod of every workload (a workload without running pods,
 * as in plain manifests, gets one stand-in pod made from its template), with its labels, named ports, node and IPs.
 */
import { arrayField, isJsonObject, stringField, type JsonObject } from '../inventory/json.js';
import type { Inventory, NodeInfo, PodTemplateView, Workload } from '../inventory/types.js';
import { parseIp } from './ip.js';
import { parseProtocol, type Protocol } from './ports.js';

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
  hostPort?: number;
  container: string;
}

export interface Endpoint {
  index: number;
  /** Index into `EndpointSet.workloads`. */
  workload: number;
  /** The pod's name; undefined for a stand-in made from a template. */
  pod?: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  hostNetwork: boolean;
  node?: string;
  /** Pod IPs; for host-network pods, the node's addresses (their traffic is node traffic). */
  ips: bigint[];
  ports: ContainerPort[];
}

export interface EndpointSet {
  workloads: Workload[];
  endpoints: Endpoint[];
  /** Endpoint indexes of each workload. */
  byWorkload: number[][];
  /** Namespace name to its labels (with kubernetes.io/metadata.name, which the API server always sets). */
  namespaceLabels: Map<string, Readonly<Record<string, string>>>;
  nodes: Map<string, NodeInfo>;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

/** Collects the endpoints of an inventory. */
export function collectEndpoints(inventory: Inventory): EndpointSet {
  const nodes = new Map(inventory.nodes.map((n) => [n.name, n]));
  const namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  for (const [name, ns] of inventory.namespaces) {
    namespaceLabels.set(name, { ...ns.labels, 'kubernetes.io/metadata.name': name });
  }
  const endpoints: Endpoint[] = [];
  const byWorkload: number[][] = [];
  const nodeIps = new Map<string, bigint[]>();
  const ipsOfNode = (name: string | undefined): bigint[] => {
    if (name === undefined) return [];
    let ips = nodeIps.get(name);
    if (!ips) {
      ips = [];
      for (const a of nodes.get(name)?.addresses ?? []) {
        if (a.type !== 'InternalIP' && a.type !== 'ExternalIP') continue;
        const ip = parseIp(a.address);
        if (ip !== undefined) ips.push(ip);
      }
      nodeIps.set(name, ips);
    }
    return ips;
  };
  const portCache = new Map<JsonObject, ContainerPort[]>();
  inventory.workloads.forEach((workload, w) => {
    if (!namespaceLabels.has(workload.namespace)) {
      namespaceLabels.set(workload.namespace, { 'kubernetes.io/metadata.name': workload.namespace });
    }
    const mine: number[] = [];
    const live = workload.pods.filter((p) => !TERMINAL.has(p.phase ?? ''));
    const add = (template: PodTemplateView, pod: string | undefined, node: string | undefined, podIps: string[]) => {
      const hostNetwork = template.spec['hostNetwork'] === true;
      let ports = portCache.get(template.spec);
      if (!ports) {
        ports = containerPorts(template);
        portCache.set(template.spec, ports);
      }
      const ips: bigint[] = [];
      for (const text of podIps) {
        const ip = parseIp(text);
        if (ip !== undefined && !ips.includes(ip)) ips.push(ip);
      }
      if (hostNetwork) for (const ip of ipsOfNode(node)) if (!ips.includes(ip)) ips.push(ip);
      const endpoint: Endpoint = {
        index: endpoints.length,
        workload: w,
        namespace: workload.namespace,
        labels: template.labels,
        hostNetwork,
        ips,
        ports,
      };
      if (pod !== undefined) endpoint.pod = pod;
      if (node !== undefined) endpoint.node = node;
      mine.push(endpoint.index);
      endpoints.push(endpoint);
    };
    if (live.length === 0) {
      add(workload.template, undefined, stringField(workload.template.spec, 'nodeName'), []);
    } else {
      for (const pod of live) add(pod.template, pod.name, pod.nodeName, pod.podIPs);
    }
    byWorkload.push(mine);
  });
  return { workloads: inventory.workloads, endpoints, byWorkload, namespaceLabels, nodes };
}

/** Every declared container port (containers and init containers: restartable init containers serve too). */
export function containerPorts(template: PodTemplateView): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const container of template.containers) {
    if (container.type === 'ephemeralContainer') continue;
    for (const entry of arrayField(container.raw, 'ports') ?? []) {
      if (!isJsonObject(entry)) continue;
      const port = entry['containerPort'];
      const protocol = parseProtocol(entry['protocol']);
      if (typeof port !== 'number' || !protocol) continue;
      const cp: ContainerPort = { port, protocol, container: container.name };
      const name = stringField(entry, 'name');
      if (name) cp.name = name;
      const hostPort = entry['hostPort'];
      if (typeof hostPort === 'number' && hostPort > 0) cp.hostPort = hostPort;
      out.push(cp);
    }
  }
  return out;
}
