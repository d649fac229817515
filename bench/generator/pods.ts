import { metadata, ownerReference, timestamp, type JsonMap, type Labels, type OwnerRef } from './common.js';
import type { ClusterContext } from './context.js';
import type { NodeInfo } from './nodes.js';
import type { Rng } from './prng.js';

export type ResourceList = { cpu?: string; memory?: string; 'nvidia.com/gpu'?: string };
export type Resources = { limits?: ResourceList; requests?: ResourceList };
export type Port = { containerPort: number; hostPort?: number; name?: string; protocol: string };

/** A container as the API server returns it (defaults filled in), keys in kubectl's order. */
export type Container = {
  args?: string[];
  command?: string[];
  env?: JsonMap[];
  envFrom?: JsonMap[];
  image: string;
  imagePullPolicy: string;
  livenessProbe?: JsonMap;
  name: string;
  ports?: Port[];
  readinessProbe?: JsonMap;
  resources: Resources;
  securityContext?: JsonMap;
  startupProbe?: JsonMap;
  terminationMessagePath: string;
  terminationMessagePolicy: string;
  volumeMounts?: JsonMap[];
};

/** A pod template's spec, as stored in a controller (API defaults filled in, admission not yet run). */
export type PodSpec = {
  affinity?: JsonMap;
  automountServiceAccountToken?: boolean;
  containers: Container[];
  dnsPolicy: string;
  hostIPC?: boolean;
  hostNetwork?: boolean;
  hostPID?: boolean;
  imagePullSecrets?: JsonMap[];
  initContainers?: Container[];
  nodeSelector?: Labels;
  priorityClassName?: string;
  restartPolicy: string;
  schedulerName: string;
  securityContext: JsonMap;
  serviceAccount?: string;
  serviceAccountName?: string;
  terminationGracePeriodSeconds: number;
  tolerations?: JsonMap[];
  topologySpreadConstraints?: JsonMap[];
  volumes?: JsonMap[];
};

export interface ContainerInput {
  name: string;
  image: string;
  args?: string[];
  command?: string[];
  env?: JsonMap[];
  envFrom?: JsonMap[];
  ports?: Port[];
  resources?: Resources;
  livenessProbe?: JsonMap;
  readinessProbe?: JsonMap;
  startupProbe?: JsonMap;
  securityContext?: JsonMap;
  volumeMounts?: JsonMap[];
}

export function pullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  return !last.includes(':') || last.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

export function container(c: ContainerInput): Container {
  return {
    args: c.args,
    command: c.command,
    env: c.env && c.env.length > 0 ? c.env : undefined,
    envFrom: c.envFrom,
    image: c.image,
    imagePullPolicy: pullPolicy(c.image),
    livenessProbe: c.livenessProbe,
    name: c.name,
    ports: c.ports && c.ports.length > 0 ? c.ports : undefined,
    readinessProbe: c.readinessProbe,
    resources: c.resources ?? {},
    securityContext: c.securityContext,
    startupProbe: c.startupProbe,
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: c.volumeMounts && c.volumeMounts.length > 0 ? c.volumeMounts : undefined,
  };
}

export function port(containerPort: number, name?: string, protocol = 'TCP'): Port {
  return { containerPort, name, protocol };
}

export function httpProbe(p: number | string, path: string, initialDelaySeconds?: number): JsonMap {
  return {
    failureThreshold: 3,
    httpGet: { path, port: p, scheme: 'HTTP' },
    initialDelaySeconds,
    periodSeconds: 10,
    successThreshold: 1,
    timeoutSeconds: 1,
  };
}

export function tcpProbe(p: number | string, initialDelaySeconds?: number): JsonMap {
  return {
    failureThreshold: 3,
    initialDelaySeconds,
    periodSeconds: 10,
    successThreshold: 1,
    tcpSocket: { port: p },
    timeoutSeconds: 1,
  };
}

export function mount(name: string, mountPath: string, readOnly?: boolean, subPath?: string): JsonMap {
  return { mountPath, name, readOnly: readOnly ? true : undefined, subPath };
}

export function hostPathVolume(name: string, path: string, type?: string): JsonMap {
  return { hostPath: { path, type: type ?? '' }, name };
}

export interface PodSpecInput {
  containers: Container[];
  initContainers?: Container[];
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  restartPolicy?: string;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  dnsPolicy?: string;
  nodeSelector?: Labels;
  affinity?: JsonMap;
  tolerations?: JsonMap[];
  topologySpreadConstraints?: JsonMap[];
  priorityClassName?: string;
  securityContext?: JsonMap;
  imagePullSecrets?: string[];
  terminationGracePeriodSeconds?: number;
  volumes?: JsonMap[];
}

export function podSpec(s: PodSpecInput): PodSpec {
  return {
    affinity: s.affinity,
    automountServiceAccountToken: s.automountServiceAccountToken,
    containers: s.containers,
    dnsPolicy: s.dnsPolicy ?? (s.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst'),
    hostIPC: s.hostIPC,
    hostNetwork: s.hostNetwork,
    hostPID: s.hostPID,
    imagePullSecrets: s.imagePullSecrets?.map((name) => ({ name })),
    initContainers: s.initContainers && s.initContainers.length > 0 ? s.initContainers : undefined,
    nodeSelector: s.nodeSelector,
    priorityClassName: s.priorityClassName,
    restartPolicy: s.restartPolicy ?? 'Always',
    schedulerName: 'default-scheduler',
    securityContext: s.securityContext ?? {},
    serviceAccount: s.serviceAccountName,
    serviceAccountName: s.serviceAccountName,
    terminationGracePeriodSeconds: s.terminationGracePeriodSeconds ?? 30,
    tolerations: s.tolerations,
    topologySpreadConstraints: s.topologySpreadConstraints,
    volumes: s.volumes && s.volumes.length > 0 ? s.volumes : undefined,
  };
}

/** The registry reference a container runtime reports for an image: registry host, `library/` and tag made explicit. */
export function normalizeImage(image: string): { repository: string; reference: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split('/')[0]!;
  const hasRegistry = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository = hasRegistry ? rest : `docker.io/${rest}`;
  if (!hasRegistry && !rest.includes('/')) repository = `docker.io/library/${rest}`;
  const reference = digest ? `${repository}@${digest}` : `${repository}:${tag ?? 'latest'}`;
  return { repository, reference, digest };
}

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

export function qosClass(containers: Container[]): QosClass {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const { requests, limits } = c.resources;
    if (requests || limits) any = true;
    for (const r of ['cpu', 'memory'] as const) {
      const limit = limits?.[r];
      if (!limit || (requests?.[r] !== undefined && requests[r] !== limit)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** What the kubelet reports about a container image, fixed per workload so that every replica runs the same digest. */
export interface ImageStatus {
  name: string;
  image: string;
  imageID: string;
}

function imageStatuses(rng: Rng, containers: Container[] | undefined): ImageStatus[] {
  return (containers ?? []).map((c) => {
    const n = normalizeImage(c.image);
    return { name: c.name, image: n.reference, imageID: `${n.repository}@${n.digest ?? `sha256:${rng.hex(64)}`}` };
  });
}

/** A workload's pod template, with what its pods need to be built quickly. */
export interface Template {
  labels: Labels;
  annotations?: Labels;
  spec: PodSpec;
  /** Whether the pods get the projected service-account token volume. */
  automount: boolean;
  qos: QosClass;
  images: ImageStatus[];
  initImages: ImageStatus[];
  /** Pods of GPU workloads go to the GPU pool. */
  gpu: boolean;
  priority: number;
}

const PRIORITIES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

export function template(
  rng: Rng,
  labels: Labels,
  spec: PodSpec,
  options: { annotations?: Labels; automountDefault?: boolean; gpu?: boolean } = {},
): Template {
  const automount = spec.automountServiceAccountToken ?? options.automountDefault ?? true;
  return {
    labels,
    annotations: options.annotations,
    spec,
    automount,
    qos: qosClass(spec.containers),
    images: imageStatuses(rng, spec.containers),
    initImages: imageStatuses(rng, spec.initContainers),
    gpu: options.gpu ?? false,
    priority: PRIORITIES[spec.priorityClassName ?? ''] ?? (spec.priorityClassName ? 1000000 : 0),
  };
}

/** The pod template as it sits in a controller's spec. */
export function templateJson(t: Template, extraLabels?: Labels): JsonMap {
  return {
    metadata: {
      annotations: t.annotations,
      creationTimestamp: null,
      labels: extraLabels ? { ...t.labels, ...extraLabels } : t.labels,
    },
    spec: t.spec,
  };
}

const API_ACCESS_SOURCES: JsonMap = {
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
    {
      downwardAPI: {
        items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }],
      },
    },
  ],
};

const NOT_READY: JsonMap = {
  effect: 'NoExecute',
  key: 'node.kubernetes.io/not-ready',
  operator: 'Exists',
  tolerationSeconds: 300,
};
const UNREACHABLE: JsonMap = {
  effect: 'NoExecute',
  key: 'node.kubernetes.io/unreachable',
  operator: 'Exists',
  tolerationSeconds: 300,
};
const DAEMON_TOLERATIONS: JsonMap[] = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/pid-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', operator: 'Exists' },
];
const NETWORK_UNAVAILABLE: JsonMap = {
  effect: 'NoSchedule',
  key: 'node.kubernetes.io/network-unavailable',
  operator: 'Exists',
};

const CONDITION_TYPES = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

export interface PodInput {
  name: string;
  namespace: string;
  generateName?: string;
  labels: Labels;
  annotations?: Labels;
  owner?: OwnerRef;
  /** Mirror pods of static pods name their Node as owner, without blockOwnerDeletion. */
  mirror?: boolean;
  node: NodeInfo;
  created: number;
  /** Set for DaemonSet pods: the node affinity and tolerations the DaemonSet controller adds. */
  daemon?: boolean;
  hostname?: string;
  subdomain?: string;
  /** Volumes the controller puts before the template's (StatefulSet claims). */
  claimVolumes?: JsonMap[];
}

/**
 * A running pod of `t`: the template's spec plus what the scheduler, the controllers and admission add (node, service
 * account, projected token volume, default tolerations, priority), with a Running status.
 */
export function buildPod(ctx: ClusterContext, rng: Rng, t: Template, p: PodInput): JsonMap {
  const s = t.spec;
  const hostNetwork = s.hostNetwork === true;
  const ip = ctx.scheduler.place(p.node, hostNetwork);
  const sa = p.mirror ? undefined : (s.serviceAccountName ?? 'default');
  let containers = s.containers;
  let initContainers = s.initContainers;
  let volumes = s.volumes;
  if (p.claimVolumes) volumes = [...p.claimVolumes, ...(volumes ?? [])];
  if (t.automount && !p.mirror) {
    const volumeName = `kube-api-access-${rng.chars('bcdfghjklmnpqrstvwxz2456789', 5)}`;
    const apiMount: JsonMap = {
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      name: volumeName,
      readOnly: true,
    };
    const withMount = (c: Container): Container => ({ ...c, volumeMounts: [...(c.volumeMounts ?? []), apiMount] });
    containers = containers.map(withMount);
    initContainers = initContainers?.map(withMount);
    volumes = [...(volumes ?? []), { name: volumeName, projected: API_ACCESS_SOURCES }];
  }
  let tolerations: JsonMap[] | undefined;
  let affinity = s.affinity;
  if (p.daemon) {
    tolerations = [...(s.tolerations ?? []), ...DAEMON_TOLERATIONS];
    if (hostNetwork) tolerations.push(NETWORK_UNAVAILABLE);
    affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.node.name] }] }],
        },
      },
    };
  } else if (p.mirror) {
    tolerations = [{ effect: 'NoExecute', operator: 'Exists' }];
  } else {
    tolerations = [...(s.tolerations ?? []), NOT_READY, UNREACHABLE];
  }
  const started = p.created + 2000 + rng.int(20_000);
  const ready = timestamp(started + 3000 + rng.int(60_000));
  const conditions: JsonMap[] = CONDITION_TYPES.map((type) => ({
    lastProbeTime: null,
    lastTransitionTime:
      type === 'PodScheduled'
        ? timestamp(p.created)
        : type === 'Ready' || type === 'ContainersReady'
          ? ready
          : timestamp(started),
    status: 'True',
    type,
  }));
  const startedAt = timestamp(started + 1000);
  const restarts = rng.chance(0.9) ? 0 : rng.range(1, 12);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: metadata(
      {
        name: p.name,
        namespace: p.namespace,
        uid: rng.uuid(),
        created: p.created,
        labels: p.labels,
        annotations: p.annotations,
        generateName: p.generateName,
        ownerReferences: p.owner ? [ownerReference(p.owner, !p.mirror)] : undefined,
      },
      ctx.rv,
    ),
    spec: {
      affinity,
      automountServiceAccountToken: s.automountServiceAccountToken,
      containers,
      dnsPolicy: s.dnsPolicy,
      enableServiceLinks: true,
      hostIPC: s.hostIPC,
      hostNetwork: s.hostNetwork,
      hostPID: s.hostPID,
      hostname: p.hostname,
      imagePullSecrets: s.imagePullSecrets,
      initContainers,
      nodeName: p.node.name,
      nodeSelector: s.nodeSelector,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: t.priority,
      priorityClassName: s.priorityClassName,
      restartPolicy: s.restartPolicy,
      schedulerName: s.schedulerName,
      securityContext: s.securityContext,
      serviceAccount: sa,
      serviceAccountName: sa,
      subdomain: p.subdomain,
      terminationGracePeriodSeconds: s.terminationGracePeriodSeconds,
      tolerations,
      topologySpreadConstraints: s.topologySpreadConstraints,
      volumes,
    },
    status: {
      conditions,
      containerStatuses: t.images.map((img, i) => ({
        containerID: `containerd://${rng.hex(64)}`,
        image: img.image,
        imageID: img.imageID,
        lastState:
          i === 0 && restarts > 0
            ? {
                terminated: {
                  containerID: `containerd://${rng.hex(64)}`,
                  exitCode: 137,
                  finishedAt: startedAt,
                  reason: 'OOMKilled',
                  startedAt: timestamp(started),
                },
              }
            : {},
        name: img.name,
        ready: true,
        restartCount: i === 0 ? restarts : 0,
        started: true,
        state: { running: { startedAt } },
      })),
      hostIP: p.node.internalIP,
      hostIPs: [{ ip: p.node.internalIP }],
      initContainerStatuses:
        t.initImages.length > 0
          ? t.initImages.map((img) => ({
              containerID: `containerd://${rng.hex(64)}`,
              image: img.image,
              imageID: img.imageID,
              lastState: {},
              name: img.name,
              ready: true,
              restartCount: 0,
              started: false,
              state: {
                terminated: {
                  containerID: `containerd://${rng.hex(64)}`,
                  exitCode: 0,
                  finishedAt: timestamp(started),
                  reason: 'Completed',
                  startedAt: timestamp(started - 1000),
                },
              },
            }))
          : undefined,
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      qosClass: t.qos,
      startTime: timestamp(p.created),
    },
  };
}
