import type { JsonMap, Labels } from './common.js';
import type { ClusterContext } from './context.js';
import { INIT_IMAGES, PUBLIC_IMAGES, SIDECAR_IMAGES } from './names.js';
import type { PsaLevel } from './plan.js';
import {
  container,
  hostPathVolume,
  httpProbe,
  mount,
  podSpec,
  port,
  tcpProbe,
  template,
  type Container,
  type Port,
  type ResourceList,
  type Resources,
  type Template,
} from './pods.js';
import type { Rng } from './prng.js';

/** How a team application's pod template is built. */
export interface AppInput {
  app: string;
  team: string;
  env: string;
  level: PsaLevel;
  labels: Labels;
  /** Undefined: the pods run as the namespace's `default` account (admission fills it in). */
  serviceAccountName?: string;
  /** Whether the service account has automountServiceAccountToken: false. */
  accountAutomountOff: boolean;
  image: string;
  /** `http` (named 8080), `http-unnamed` (8080), `grpc` (named 50051), `db` (a stateful app's port) or none. */
  portStyle: 'http' | 'http-unnamed' | 'grpc' | 'db' | 'none';
  dbPort?: number;
  metrics: boolean;
  secretName?: string;
  secretKeys?: string[];
  configName?: string;
  pullSecret?: string;
  gpu: boolean;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /** Stateful apps keep data on a claim mounted at /data. */
  dataVolume?: string;
  annotations?: Labels;
}

/** The security settings of one workload, within what its namespace's Pod Security level admits. */
interface Posture {
  pod?: JsonMap;
  container?: JsonMap;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostPath?: { path: string; mountPath: string };
  readOnlyRoot: boolean;
}

const HOST_PATHS = [
  { path: '/var/run/docker.sock', mountPath: '/var/run/docker.sock' },
  { path: '/var/run/containerd/containerd.sock', mountPath: '/run/containerd/containerd.sock' },
  { path: '/var/log', mountPath: '/host/var/log' },
  { path: '/', mountPath: '/host' },
  { path: '/etc/kubernetes', mountPath: '/host/etc/kubernetes' },
  { path: '/var/lib/kubelet', mountPath: '/var/lib/kubelet' },
];

function posture(rng: Rng, ctx: ClusterContext, level: PsaLevel): Posture {
  const p = ctx.profile;
  const restricted = (): Posture => {
    const readOnlyRoot = rng.chance(0.6);
    return {
      pod: {
        fsGroup: rng.chance(0.5) ? 2000 : undefined,
        runAsGroup: rng.chance(0.5) ? 3000 : undefined,
        runAsNonRoot: true,
        runAsUser: rng.chance(0.7) ? rng.pick([1000, 10001, 65532, 101]) : undefined,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      container: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: readOnlyRoot ? true : undefined,
        runAsNonRoot: rng.chance(0.3) ? true : undefined,
      },
      readOnlyRoot,
    };
  };
  if (level === 'restricted') return restricted();
  if (level === 'baseline') {
    return rng.weighted<() => Posture>([
      [() => ({ readOnlyRoot: false }), 35],
      [() => ({ container: { allowPrivilegeEscalation: false, runAsNonRoot: true }, readOnlyRoot: false }), 25],
      [() => ({ container: { runAsUser: 0 }, readOnlyRoot: false }), 15],
      [
        () => ({
          container: { capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } },
          readOnlyRoot: false,
        }),
        10,
      ],
      [restricted, 15],
    ])();
  }
  // No enforced level: anything goes, with the profile's odds.
  const out: Posture = { readOnlyRoot: false };
  if (rng.chance(p.privileged)) {
    out.container = { privileged: true, runAsUser: rng.chance(0.5) ? 0 : undefined };
  } else if (rng.chance(p.addedCapabilities)) {
    out.container = {
      capabilities: {
        add: rng.sample(['NET_ADMIN', 'SYS_ADMIN', 'SYS_PTRACE', 'NET_RAW', 'DAC_READ_SEARCH'], rng.range(1, 2)),
      },
    };
  } else if (rng.chance(p.runAsNonRoot)) {
    return rng.chance(0.4)
      ? restricted()
      : { container: { runAsNonRoot: true, allowPrivilegeEscalation: false }, readOnlyRoot: false };
  } else if (rng.chance(0.1)) {
    out.container = { allowPrivilegeEscalation: true, runAsUser: 0 };
  }
  if (rng.chance(p.hostPath)) out.hostPath = rng.pick(HOST_PATHS);
  if (rng.chance(p.hostNetwork)) {
    out.hostNetwork = true;
    out.hostPID = rng.chance(0.3) ? true : undefined;
  }
  return out;
}

const CPU = ['50m', '100m', '200m', '250m', '500m', '1', '2'];
const MEMORY = ['64Mi', '128Mi', '256Mi', '512Mi', '1Gi', '2Gi', '4Gi'];

function resources(rng: Rng, gpu: boolean): Resources {
  const r = rng.float();
  if (r < 0.13 && !gpu) return {};
  const cpu = rng.int(CPU.length - 2);
  const memory = rng.int(MEMORY.length - 2);
  if (r < 0.23) {
    const both: ResourceList = { cpu: CPU[cpu], memory: MEMORY[memory] };
    if (gpu) both['nvidia.com/gpu'] = '1';
    return { limits: both, requests: { ...both } };
  }
  const limits: ResourceList = {};
  if (rng.chance(0.4)) limits.cpu = CPU[cpu + 2];
  if (rng.chance(0.8)) limits.memory = MEMORY[memory + 1];
  if (gpu) limits['nvidia.com/gpu'] = '1';
  return {
    limits: Object.keys(limits).length > 0 ? limits : undefined,
    requests: { cpu: CPU[cpu], memory: MEMORY[memory] },
  };
}

const SIDECAR_NAMES: Record<string, string> = {
  envoy: 'envoy',
  'fluent-bit': 'log-shipper',
  'cloud-sql-proxy': 'cloud-sql-proxy',
  redis_exporter: 'metrics-exporter',
};

/** A team application's image: mostly the private registry with a version, some by digest, some unpinned. */
export function appImage(rng: Rng, ctx: ClusterContext, team: string, app: string): string {
  const repo = `${ctx.cloud.registry}/${team.replace(/-\d+$/, '')}/${app}`;
  return rng.weighted<() => string>([
    [() => `${repo}:${rng.range(0, 4)}.${rng.range(0, 30)}.${rng.range(0, 12)}`, 55],
    [() => `${repo}@sha256:${rng.hex(64)}`, 15],
    [() => `ghcr.io/${rng.pick(['acme-corp', 'acme-platform'])}/${app}:sha-${rng.hex(7)}`, 10],
    [() => `${repo}:latest`, 8],
    [() => rng.pick(PUBLIC_IMAGES), 7],
    [() => repo, 5],
  ])();
}

export interface AppTemplate {
  template: Template;
  ports: Port[];
}

export function appTemplate(rng: Rng, ctx: ClusterContext, a: AppInput): AppTemplate {
  const pos = posture(rng, ctx, a.level);
  const ports: Port[] = [];
  switch (a.portStyle) {
    case 'http':
      ports.push(port(8080, 'http'));
      break;
    case 'http-unnamed':
      ports.push(port(8080));
      break;
    case 'grpc':
      ports.push(port(50051, 'grpc'));
      break;
    case 'db':
      ports.push(port(a.dbPort ?? 5432, rng.chance(0.7) ? 'db' : undefined));
      break;
    case 'none':
      break;
  }
  if (a.metrics) ports.push(port(9090, 'metrics'));
  const env: JsonMap[] = [
    { name: 'APP_ENV', value: a.env },
    { name: 'LOG_LEVEL', value: rng.pick(['info', 'info', 'debug', 'warn']) },
  ];
  if (rng.chance(0.5)) {
    env.push({ name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } });
  }
  if (rng.chance(0.3)) {
    env.push({ name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } });
  }
  let envFrom: JsonMap[] | undefined;
  if (a.secretName && a.secretKeys) {
    if (rng.chance(0.2)) envFrom = [{ secretRef: { name: a.secretName } }];
    else {
      for (const key of a.secretKeys) {
        env.push({ name: key, valueFrom: { secretKeyRef: { key, name: a.secretName } } });
      }
    }
  }
  if (a.configName && rng.chance(0.4)) {
    env.push({
      name: 'FEATURE_FLAGS',
      valueFrom: { configMapKeyRef: { key: 'flags', name: a.configName, optional: true } },
    });
  }
  const volumes: JsonMap[] = [];
  const mounts: JsonMap[] = [];
  if (a.dataVolume) mounts.push(mount(a.dataVolume, '/data'));
  if (a.configName) {
    volumes.push({ configMap: { defaultMode: 420, name: a.configName }, name: 'config' });
    mounts.push(mount('config', `/etc/${a.app}`, true));
  }
  if (a.secretName && rng.chance(0.3)) {
    volumes.push({ name: 'secrets', secret: { defaultMode: 420, secretName: a.secretName } });
    mounts.push(mount('secrets', '/var/run/secrets/app', true));
  }
  if (pos.readOnlyRoot || rng.chance(0.2)) {
    volumes.push({ emptyDir: {}, name: 'tmp' });
    mounts.push(mount('tmp', '/tmp'));
  }
  if (pos.hostPath) {
    volumes.push(hostPathVolume('host', pos.hostPath.path));
    mounts.push(mount('host', pos.hostPath.mountPath, rng.chance(0.5)));
  }
  const named = ports[0]?.name;
  const probePort = named ?? ports[0]?.containerPort;
  let livenessProbe: JsonMap | undefined;
  let readinessProbe: JsonMap | undefined;
  if (probePort !== undefined && rng.chance(0.75)) {
    if (a.portStyle === 'http' || a.portStyle === 'http-unnamed') {
      livenessProbe = httpProbe(probePort, '/healthz', rng.pick([undefined, 10, 30]));
      readinessProbe = httpProbe(probePort, '/ready');
    } else {
      livenessProbe = tcpProbe(probePort, 15);
      readinessProbe = tcpProbe(probePort);
    }
  } else if (rng.chance(0.15)) {
    livenessProbe = {
      exec: { command: ['cat', '/tmp/healthy'] },
      failureThreshold: 3,
      periodSeconds: 10,
      successThreshold: 1,
      timeoutSeconds: 1,
    };
  }
  const containers: Container[] = [
    container({
      name: a.app,
      image: a.image,
      args: rng.chance(0.3) ? ['--config', `/etc/${a.app}/config.yaml`] : undefined,
      env,
      envFrom,
      ports,
      resources: resources(rng, a.gpu),
      livenessProbe,
      readinessProbe,
      securityContext: pos.container,
      volumeMounts: mounts,
    }),
  ];
  if (rng.chance(0.12)) {
    const image = rng.pick(SIDECAR_IMAGES);
    const name = SIDECAR_NAMES[image.split('/').pop()!.split(':')[0]!] ?? 'sidecar';
    containers.push(
      container({
        name,
        image,
        ports: name === 'envoy' ? [port(15001, 'envoy-outbound'), port(15090, 'http-envoy-prom')] : undefined,
        resources: rng.chance(0.7) ? { limits: { memory: '128Mi' }, requests: { cpu: '10m', memory: '64Mi' } } : {},
        securityContext: pos.container,
      }),
    );
  }
  const initContainers: Container[] = [];
  if (rng.chance(0.1)) {
    initContainers.push(
      container({
        name: rng.pick(['wait-for-db', 'migrate', 'init-config']),
        image: rng.pick(INIT_IMAGES),
        command: ['sh', '-c', 'until nc -z db 5432; do echo waiting; sleep 2; done'],
        securityContext: pos.container,
      }),
    );
  }
  const spec = podSpec({
    containers,
    initContainers,
    serviceAccountName: a.serviceAccountName,
    automountServiceAccountToken: rng.chance(0.05) ? false : undefined,
    restartPolicy: a.restartPolicy,
    hostNetwork: pos.hostNetwork,
    hostPID: pos.hostPID,
    nodeSelector: a.gpu
      ? { 'nvidia.com/gpu.present': 'true' }
      : rng.chance(0.25)
        ? { 'kubernetes.io/os': 'linux' }
        : undefined,
    tolerations: a.gpu ? [{ effect: 'NoSchedule', key: 'nvidia.com/gpu', operator: 'Exists' }] : undefined,
    affinity: rng.chance(0.15)
      ? {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                podAffinityTerm: { labelSelector: { matchLabels: a.labels }, topologyKey: 'kubernetes.io/hostname' },
                weight: 100,
              },
            ],
          },
        }
      : undefined,
    topologySpreadConstraints: rng.chance(0.1)
      ? [
          {
            labelSelector: { matchLabels: a.labels },
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
          },
        ]
      : undefined,
    securityContext: pos.pod,
    imagePullSecrets: a.pullSecret ? [a.pullSecret] : undefined,
    terminationGracePeriodSeconds: rng.chance(0.2) ? 60 : 30,
    volumes,
  });
  const t = template(rng, a.labels, spec, {
    annotations: a.annotations,
    automountDefault: !a.accountAutomountOff,
    gpu: a.gpu,
  });
  return { template: t, ports };
}
