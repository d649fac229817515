import {
  DAY_MS,
  HOUR_MS,
  K8S_ALPHABET,
  NOW_MS,
  metadata,
  nameSuffix,
  ownerReference,
  templateHash,
  timestamp,
  type Bucket,
  type JsonMap,
  type Labels,
  type OwnerRef,
} from './common.js';
import type { ClusterContext } from './context.js';
import type { NodeInfo } from './nodes.js';
import { buildPod, templateJson, type Template } from './pods.js';
import type { Rng } from './prng.js';

/** Where a namespace's objects go while it is generated. */
export interface NsScope {
  ctx: ClusterContext;
  rng: Rng;
  namespace: string;
  bucket: Bucket;
  /** When the namespace was created; nothing in it is older. */
  created: number;
}

/** A creation time for a controller: between its namespace's creation and ten days before the dump. */
export function controllerCreated(w: NsScope): number {
  const latest = NOW_MS - 10 * DAY_MS;
  return w.created + w.rng.int(Math.max(1, latest - w.created));
}

/** A creation time for a pod of a controller created at `after`: within the last ten days before the dump. */
export function podCreated(w: NsScope, after: number): number {
  return Math.max(after + 60_000, NOW_MS - w.rng.int(10 * DAY_MS));
}

function condition(type: string, reason: string, message: string, at: number): JsonMap {
  return {
    lastTransitionTime: timestamp(at),
    lastUpdateTime: timestamp(at),
    message,
    reason,
    status: 'True',
    type,
  };
}

function pickNode(w: NsScope, t: Template): NodeInfo {
  return w.ctx.scheduler.pick(w.rng, t.gpu ? 'gpu' : 'general');
}

export interface DeploymentInput {
  name: string;
  labels: Labels;
  annotations?: Labels;
  selector: Labels;
  template: Template;
  replicas: number;
  /** Keep the previous ReplicaSet, scaled to zero, as a rollout leaves it. */
  previousReplicaSet?: boolean;
  /** Give every pod its own `build-id` label (label cardinality as CI-stamped pods have it). */
  perPodBuildId?: boolean;
}

export function deployment(w: NsScope, d: DeploymentInput): OwnerRef {
  const { ctx, rng, namespace } = w;
  const created = controllerCreated(w);
  const uid = rng.uuid();
  const revision = d.previousReplicaSet ? 2 : 1;
  const generation = revision + rng.int(3);
  const owner: OwnerRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: d.name, uid };
  const rolled = created + rng.int(5 * DAY_MS);
  const r = d.replicas;
  const previousHash = d.previousReplicaSet ? templateHash(rng) : undefined;
  const hash = templateHash(rng);
  w.bucket.add('deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(
      {
        name: d.name,
        namespace,
        uid,
        created,
        labels: d.labels,
        annotations: { 'deployment.kubernetes.io/revision': String(revision), ...d.annotations },
        generation,
      },
      ctx.rv,
    ),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: r,
      revisionHistoryLimit: 10,
      selector: { matchLabels: d.selector },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: templateJson(d.template),
    },
    status: {
      availableReplicas: r > 0 ? r : undefined,
      conditions: [
        condition('Available', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', rolled),
        condition(
          'Progressing',
          'NewReplicaSetAvailable',
          `ReplicaSet "${d.name}-${hash}" has successfully progressed.`,
          rolled,
        ),
      ],
      observedGeneration: generation,
      readyReplicas: r > 0 ? r : undefined,
      replicas: r > 0 ? r : undefined,
      updatedReplicas: r > 0 ? r : undefined,
    },
  });
  const replicaSet = (hash: string, rev: number, replicas: number, rsCreated: number): OwnerRef => {
    const name = `${d.name}-${hash}`;
    const rsUid = rng.uuid();
    w.bucket.add('replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: metadata(
        {
          name,
          namespace,
          uid: rsUid,
          created: rsCreated,
          labels: { ...d.template.labels, 'pod-template-hash': hash },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(r),
            'deployment.kubernetes.io/max-replicas': String(r + Math.ceil(r * 0.25)),
            'deployment.kubernetes.io/revision': String(rev),
          },
          generation: rev === revision ? 1 + rng.int(2) : 2,
          ownerReferences: [ownerReference(owner)],
        },
        ctx.rv,
      ),
      spec: {
        replicas,
        selector: { matchLabels: { ...d.selector, 'pod-template-hash': hash } },
        template: templateJson(d.template, { 'pod-template-hash': hash }),
      },
      status: {
        availableReplicas: replicas > 0 ? replicas : undefined,
        fullyLabeledReplicas: replicas > 0 ? replicas : undefined,
        observedGeneration: 1,
        readyReplicas: replicas > 0 ? replicas : undefined,
        replicas,
      },
    });
    // The real pod-template-hash is a hash of the template; the suffix of the ReplicaSet name is the same value.
    return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: rsUid };
  };
  if (previousHash) replicaSet(previousHash, 1, 0, created);
  const rs = replicaSet(hash, revision, r, rolled);
  for (let i = 0; i < r; i++) {
    const labels: Labels = { ...d.template.labels, 'pod-template-hash': hash };
    if (d.perPodBuildId) labels['build-id'] = rng.hex(12);
    w.bucket.add(
      'pods',
      buildPod(ctx, rng, d.template, {
        name: `${rs.name}-${nameSuffix(rng)}`,
        generateName: `${rs.name}-`,
        namespace,
        labels,
        annotations: d.template.annotations,
        owner: rs,
        node: pickNode(w, d.template),
        created: podCreated(w, rolled),
      }),
    );
  }
  return owner;
}

export interface StatefulSetInput {
  name: string;
  labels: Labels;
  selector: Labels;
  template: Template;
  replicas: number;
  serviceName: string;
  /** volumeClaimTemplates: claim name and size. */
  claims?: { name: string; storage: string }[];
  storageClass: string;
}

export function statefulSet(w: NsScope, s: StatefulSetInput): OwnerRef {
  const { ctx, rng, namespace } = w;
  const created = controllerCreated(w);
  const uid = rng.uuid();
  const owner: OwnerRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: s.name, uid };
  const revision = `${s.name}-${rng.chars(K8S_ALPHABET, 10)}`;
  const claims = s.claims ?? [];
  w.bucket.add('statefulsets', {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metadata({ name: s.name, namespace, uid, created, labels: s.labels, generation: 1 + rng.int(3) }, ctx.rv),
    spec: {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      podManagementPolicy: rng.chance(0.7) ? 'OrderedReady' : 'Parallel',
      replicas: s.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: s.selector },
      serviceName: s.serviceName,
      template: templateJson(s.template),
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
      volumeClaimTemplates:
        claims.length > 0
          ? claims.map((c) => ({
              apiVersion: 'v1',
              kind: 'PersistentVolumeClaim',
              metadata: { creationTimestamp: null, name: c.name },
              spec: {
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: c.storage } },
                storageClassName: s.storageClass,
                volumeMode: 'Filesystem',
              },
              status: { phase: 'Pending' },
            }))
          : undefined,
    },
    status: {
      availableReplicas: s.replicas,
      collisionCount: 0,
      currentReplicas: s.replicas,
      currentRevision: revision,
      observedGeneration: 1,
      readyReplicas: s.replicas,
      replicas: s.replicas,
      updateRevision: revision,
      updatedReplicas: s.replicas,
    },
  });
  for (let i = 0; i < s.replicas; i++) {
    const podName = `${s.name}-${i}`;
    const podTime = podCreated(w, created);
    for (const c of claims) {
      const claimName = `${c.name}-${podName}`;
      w.bucket.add('persistentvolumeclaims', {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: metadata(
          {
            name: claimName,
            namespace,
            uid: rng.uuid(),
            created: created + 1000 * i,
            labels: s.selector,
            annotations: {
              'pv.kubernetes.io/bind-completed': 'yes',
              'pv.kubernetes.io/bound-by-controller': 'yes',
              'volume.kubernetes.io/storage-provisioner': STORAGE_PROVISIONERS[s.storageClass] ?? 'csi.example.com',
            },
            finalizers: ['kubernetes.io/pvc-protection'],
          },
          ctx.rv,
        ),
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: c.storage } },
          storageClassName: s.storageClass,
          volumeMode: 'Filesystem',
          volumeName: `pvc-${rng.uuid()}`,
        },
        status: { accessModes: ['ReadWriteOnce'], capacity: { storage: c.storage }, phase: 'Bound' },
      });
    }
    w.bucket.add(
      'pods',
      buildPod(ctx, rng, s.template, {
        name: podName,
        generateName: `${s.name}-`,
        namespace,
        labels: {
          ...s.template.labels,
          'apps.kubernetes.io/pod-index': String(i),
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': podName,
        },
        annotations: s.template.annotations,
        owner,
        node: pickNode(w, s.template),
        created: podTime,
        hostname: podName,
        subdomain: s.serviceName,
        claimVolumes:
          claims.length > 0
            ? claims.map((c) => ({ name: c.name, persistentVolumeClaim: { claimName: `${c.name}-${podName}` } }))
            : undefined,
      }),
    );
  }
  return owner;
}

const STORAGE_PROVISIONERS: Record<string, string> = {
  gp3: 'ebs.csi.aws.com',
  'standard-rwo': 'pd.csi.storage.gke.io',
  'managed-csi': 'disk.csi.azure.com',
};

export interface DaemonSetInput {
  name: string;
  labels: Labels;
  annotations?: Labels;
  selector: Labels;
  template: Template;
  nodes: NodeInfo[];
}

export function daemonSet(w: NsScope, d: DaemonSetInput): OwnerRef {
  const { ctx, rng, namespace } = w;
  const created = controllerCreated(w);
  const uid = rng.uuid();
  const owner: OwnerRef = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: d.name, uid };
  const n = d.nodes.length;
  w.bucket.add('daemonsets', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: metadata(
      {
        name: d.name,
        namespace,
        uid,
        created,
        labels: d.labels,
        annotations: { 'deprecated.daemonset.template.generation': '1', ...d.annotations },
        generation: 1,
      },
      ctx.rv,
    ),
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: d.selector },
      template: templateJson(d.template),
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
    status: {
      currentNumberScheduled: n,
      desiredNumberScheduled: n,
      numberAvailable: n,
      numberMisscheduled: 0,
      numberReady: n,
      observedGeneration: 1,
      updatedNumberScheduled: n,
    },
  });
  const hash = rng.chars(K8S_ALPHABET, 10);
  for (const node of d.nodes) {
    w.bucket.add(
      'pods',
      buildPod(ctx, rng, d.template, {
        name: `${d.name}-${nameSuffix(rng)}`,
        generateName: `${d.name}-`,
        namespace,
        labels: { ...d.template.labels, 'controller-revision-hash': hash, 'pod-template-generation': '1' },
        annotations: d.template.annotations,
        owner,
        node,
        created: podCreated(w, created),
        daemon: true,
      }),
    );
  }
  return owner;
}

export interface JobInput {
  name: string;
  labels: Labels;
  template: Template;
  parallelism: number;
  /** The CronJob that created the Job. */
  owner?: OwnerRef;
  created?: number;
}

function jobLabels(name: string, uid: string): Labels {
  return {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
}

export function job(w: NsScope, j: JobInput): OwnerRef & { resourceVersion: string } {
  const { ctx, rng, namespace } = w;
  const created = j.created ?? NOW_MS - rng.int(6 * HOUR_MS) - 60_000;
  const uid = rng.uuid();
  const own = jobLabels(j.name, uid);
  const ref: OwnerRef = { apiVersion: 'batch/v1', kind: 'Job', name: j.name, uid };
  const podLabels = { ...j.template.labels, ...own };
  const meta = metadata(
    {
      name: j.name,
      namespace,
      uid,
      created,
      labels: { ...j.labels, ...own },
      annotations: { 'batch.kubernetes.io/job-tracking': '' },
      generation: 1,
      ownerReferences: j.owner ? [ownerReference(j.owner)] : undefined,
    },
    ctx.rv,
  );
  w.bucket.add('jobs', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta,
    spec: {
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: j.parallelism,
      manualSelector: false,
      parallelism: j.parallelism,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      suspend: false,
      template: templateJson(j.template, own),
    },
    status: {
      active: j.parallelism > 0 ? j.parallelism : undefined,
      ready: j.parallelism,
      startTime: timestamp(created),
      terminating: 0,
      uncountedTerminatedPods: {},
    },
  });
  for (let i = 0; i < j.parallelism; i++) {
    w.bucket.add(
      'pods',
      buildPod(ctx, rng, j.template, {
        name: `${j.name}-${nameSuffix(rng)}`,
        generateName: `${j.name}-`,
        namespace,
        labels: podLabels,
        annotations: j.template.annotations,
        owner: ref,
        node: pickNode(w, j.template),
        created: created + 1000,
      }),
    );
  }
  return { ...ref, resourceVersion: String(meta.resourceVersion) };
}

export interface CronJobInput {
  name: string;
  labels: Labels;
  template: Template;
  schedule: string;
  /** Whether a Job (with one pod) is running right now. */
  running: boolean;
}

export function cronJob(w: NsScope, c: CronJobInput): OwnerRef {
  const { ctx, rng, namespace } = w;
  const created = controllerCreated(w);
  const uid = rng.uuid();
  const owner: OwnerRef = { apiVersion: 'batch/v1', kind: 'CronJob', name: c.name, uid };
  const scheduled = Math.floor((NOW_MS - rng.int(3 * HOUR_MS) - 60_000) / 60_000) * 60_000;
  const active = c.running
    ? job(w, {
        name: `${c.name}-${scheduled / 60_000}`,
        labels: c.labels,
        template: c.template,
        parallelism: 1,
        owner,
        created: scheduled + 500,
      })
    : undefined;
  w.bucket.add('cronjobs', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata({ name: c.name, namespace, uid, created, labels: c.labels, generation: 1 }, ctx.rv),
    spec: {
      concurrencyPolicy: rng.chance(0.5) ? 'Forbid' : 'Allow',
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { creationTimestamp: null },
        spec: { backoffLimit: rng.chance(0.5) ? 2 : 6, template: templateJson(c.template) },
      },
      schedule: c.schedule,
      successfulJobsHistoryLimit: 3,
      suspend: false,
    },
    status: {
      active: active
        ? [
            {
              apiVersion: 'batch/v1',
              kind: 'Job',
              name: active.name,
              namespace,
              resourceVersion: active.resourceVersion,
              uid: active.uid,
            },
          ]
        : undefined,
      lastScheduleTime: timestamp(scheduled),
      lastSuccessfulTime: timestamp(scheduled - DAY_MS + 120_000),
    },
  });
  return owner;
}

export interface BarePodInput {
  name: string;
  template: Template;
}

/** A pod created by hand (`kubectl run`): no owner. */
export function barePod(w: NsScope, p: BarePodInput): void {
  w.bucket.add(
    'pods',
    buildPod(w.ctx, w.rng, p.template, {
      name: p.name,
      namespace: w.namespace,
      labels: p.template.labels,
      annotations: p.template.annotations,
      node: pickNode(w, p.template),
      created: NOW_MS - w.rng.int(20 * DAY_MS),
    }),
  );
}

/** Mirror pods of the control plane's static pods: owned by their Node, host network, no service account. */
export function staticPod(w: NsScope, node: NodeInfo, component: string, t: Template): void {
  const name = `${component}-${node.name}`;
  const hash = w.rng.hex(32);
  w.bucket.add(
    'pods',
    buildPod(w.ctx, w.rng, t, {
      name,
      namespace: w.namespace,
      labels: t.labels,
      annotations: {
        ...t.annotations,
        'kubernetes.io/config.hash': hash,
        'kubernetes.io/config.mirror': hash,
        'kubernetes.io/config.seen': timestamp(NOW_MS - 20 * DAY_MS),
        'kubernetes.io/config.source': 'file',
      },
      owner: { apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid },
      mirror: true,
      node,
      created: NOW_MS - 20 * DAY_MS + w.rng.int(DAY_MS),
    }),
  );
}
