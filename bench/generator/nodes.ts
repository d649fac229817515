import {
  Counter,
  DAY_MS,
  EPOCH_MS,
  NOW_MS,
  ipv4,
  metadata,
  parseIpv4,
  timestamp,
  type JsonMap,
  type Labels,
} from './common.js';
import type { Rng } from './prng.js';

export type Provider = 'aws' | 'gcp' | 'azure';
export type Pool = 'control-plane' | 'general' | 'gpu' | 'edge';

/** The cloud the synthetic cluster pretends to run in: names, regions and identities follow it. */
export interface Cloud {
  provider: Provider;
  clusterName: string;
  region: string;
  zones: string[];
  awsAccounts: string[];
  gcpProject: string;
  azureTenant: string;
  azureSubscription: string;
  /** The private registry teams push to. */
  registry: string;
}

export function makeCloud(rng: Rng): Cloud {
  const provider = rng.weighted<Provider>([
    ['aws', 5],
    ['gcp', 3],
    ['azure', 2],
  ]);
  const clusterName = rng.pick(['prod-main', 'shared-prod', 'platform-prod', 'core-eu', 'apps-use1']);
  const awsAccounts = [0, 1, 2].map(() => String(rng.range(100000000000, 999999999999)));
  const gcpProject = `${rng.pick(['acme', 'globex', 'initech', 'umbrella'])}-prod-${rng.range(100000, 999999)}`;
  const azureTenant = rng.uuid();
  const azureSubscription = rng.uuid();
  switch (provider) {
    case 'aws': {
      const region = rng.pick(['us-east-1', 'eu-west-1', 'us-west-2']);
      return {
        provider,
        clusterName,
        region,
        zones: ['a', 'b', 'c'].map((z) => region + z),
        awsAccounts,
        gcpProject,
        azureTenant,
        azureSubscription,
        registry: `${awsAccounts[0]}.dkr.ecr.${region}.amazonaws.com`,
      };
    }
    case 'gcp': {
      const region = rng.pick(['europe-west1', 'us-central1', 'asia-northeast1']);
      return {
        provider,
        clusterName,
        region,
        zones: ['b', 'c', 'd'].map((z) => `${region}-${z}`),
        awsAccounts,
        gcpProject,
        azureTenant,
        azureSubscription,
        registry: `${region}-docker.pkg.dev/${gcpProject}/apps`,
      };
    }
    case 'azure': {
      const region = rng.pick(['westeurope', 'eastus2', 'northeurope']);
      return {
        provider,
        clusterName,
        region,
        zones: [1, 2, 3].map((z) => `${region}-${z}`),
        awsAccounts,
        gcpProject,
        azureTenant,
        azureSubscription,
        registry: `${rng.pick(['acme', 'contoso', 'fabrikam'])}prod.azurecr.io`,
      };
    }
  }
}

export const MAX_PODS_PER_NODE = 110;
/** Pod CIDRs are 10.64.0.0/10 cut into a /24 per node; node addresses come from 10.0.16.0 upward. */
const POD_CIDR_BASE = parseIpv4('10.64.0.0');
const MAX_NODES = 1 << 14;
const NODE_IP_BASE = parseIpv4('10.0.16.10');

export interface NodeInfo {
  name: string;
  uid: string;
  pool: Pool;
  index: number;
  zone: string;
  internalIP: string;
  externalIP?: string;
  podCIDR: string;
  /** The first address of the pod CIDR, as a number. */
  cidrBase: number;
  /** Pods placed on the node so far (host-network ones included, as the kubelet counts them). */
  pods: number;
  /** The last host number handed out in the pod CIDR. */
  lastHost: number;
  labels: Labels;
}

export interface NodeCounts {
  controlPlane: number;
  general: number;
  gpu: number;
  edge: number;
}

/** How many nodes a cluster of `pods` pods has: about 95 pods a node, so that ~110 is never reached. */
export function nodeCounts(pods: number): NodeCounts {
  const workers = Math.max(1, Math.ceil(pods / 95));
  const gpu = workers >= 10 ? Math.max(1, Math.floor(workers * 0.02)) : 0;
  const edge = workers >= 5 ? Math.min(250, Math.max(1, Math.floor(workers * 0.04))) : 0;
  const counts = { controlPlane: pods >= 1000 ? 3 : 1, general: workers - gpu - edge, gpu, edge };
  if (counts.controlPlane + workers > MAX_NODES)
    throw new Error(`too many pods: the generator supports ${MAX_NODES} nodes`);
  return counts;
}

const INSTANCE_TYPES: Record<Provider, Record<Pool, string>> = {
  aws: { 'control-plane': 'm6i.xlarge', general: 'm6i.4xlarge', gpu: 'g5.2xlarge', edge: 'c6i.2xlarge' },
  gcp: { 'control-plane': 'n2-standard-4', general: 'n2-standard-16', gpu: 'g2-standard-8', edge: 'c3-standard-8' },
  azure: {
    'control-plane': 'Standard_D4s_v5',
    general: 'Standard_D16s_v5',
    gpu: 'Standard_NC6s_v3',
    edge: 'Standard_F8s_v2',
  },
};

function nodeName(cloud: Cloud, pool: Pool, ip: string, rng: Rng): string {
  switch (cloud.provider) {
    case 'aws':
      return `ip-${ip.replaceAll('.', '-')}.${cloud.region === 'us-east-1' ? 'ec2.internal' : `${cloud.region}.compute.internal`}`;
    case 'gcp':
      return `gke-${cloud.clusterName}-${pool}-pool-${rng.hex(8)}-${rng.chars('abcdefghijklmnopqrstuvwxyz0123456789', 4)}`;
    case 'azure':
      return `aks-${pool.replace('-', '').slice(0, 8)}-${rng.range(10000000, 99999999)}-vmss${rng.range(0, 0x2ff).toString(36).padStart(6, '0')}`;
  }
}

/** Builds the nodes (as NodeInfo, for scheduling) in a fixed order: control plane, general, edge, GPU. */
export function planNodes(rng: Rng, cloud: Cloud, counts: NodeCounts): NodeInfo[] {
  const nodes: NodeInfo[] = [];
  const names = new Set<string>();
  let external = 0;
  const add = (pool: Pool, n: number): void => {
    for (let i = 0; i < n; i++) {
      const index = nodes.length;
      const internalIP = ipv4(NODE_IP_BASE + index);
      let name = nodeName(cloud, pool, internalIP, rng);
      while (names.has(name)) name = nodeName(cloud, pool, internalIP, rng);
      names.add(name);
      const cidrBase = POD_CIDR_BASE + index * 256;
      const zone = cloud.zones[index % cloud.zones.length]!;
      const externalIP =
        pool === 'edge' || (pool === 'control-plane' && rng.chance(0.5))
          ? ipv4((external < 254 ? parseIpv4('203.0.113.1') : parseIpv4('198.51.100.1') - 254) + external++)
          : undefined;
      const labels: Labels = {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/instance-type': INSTANCE_TYPES[cloud.provider][pool],
        'beta.kubernetes.io/os': 'linux',
        'failure-domain.beta.kubernetes.io/region': cloud.region,
        'failure-domain.beta.kubernetes.io/zone': zone,
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': INSTANCE_TYPES[cloud.provider][pool],
        'topology.kubernetes.io/region': cloud.region,
        'topology.kubernetes.io/zone': zone,
      };
      const poolLabel = {
        aws: 'eks.amazonaws.com/nodegroup',
        gcp: 'cloud.google.com/gke-nodepool',
        azure: 'kubernetes.azure.com/agentpool',
      }[cloud.provider];
      labels[poolLabel] = pool === 'control-plane' ? 'system' : pool;
      if (pool === 'control-plane') {
        labels['node-role.kubernetes.io/control-plane'] = '';
        labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
      }
      if (pool === 'gpu') {
        labels['nvidia.com/gpu.present'] = 'true';
        labels['nvidia.com/gpu.product'] = cloud.provider === 'azure' ? 'Tesla-V100-PCIE-16GB' : 'NVIDIA-A10G';
      }
      if (pool === 'edge') labels['node-pool'] = 'edge';
      nodes.push({
        name,
        uid: rng.uuid(),
        pool,
        index,
        zone,
        internalIP,
        externalIP,
        podCIDR: `${ipv4(cidrBase)}/24`,
        cidrBase,
        pods: 0,
        lastHost: 1,
        labels,
      });
    }
  };
  add('control-plane', counts.controlPlane);
  add('general', counts.general);
  add('edge', counts.edge);
  add('gpu', counts.gpu);
  return nodes;
}

/** Places pods on nodes, never more than MAX_PODS_PER_NODE a node, and hands out unique pod IPs from the node's CIDR. */
export class Scheduler {
  private readonly byPool: Record<'general' | 'gpu', NodeInfo[]>;
  constructor(readonly nodes: NodeInfo[]) {
    this.byPool = {
      general: nodes.filter((n) => n.pool === 'general' || n.pool === 'edge'),
      gpu: nodes.filter((n) => n.pool === 'gpu'),
    };
  }

  /** A node of the pool with room for one more pod; GPU pods fall back to the general pool when the GPU pool is full. */
  pick(rng: Rng, pool: 'general' | 'gpu' = 'general'): NodeInfo {
    const candidates = this.byPool[pool];
    if (candidates.length > 0) {
      const start = rng.int(candidates.length);
      for (let i = 0; i < candidates.length; i++) {
        const node = candidates[(start + i) % candidates.length]!;
        if (node.pods < MAX_PODS_PER_NODE) return node;
      }
    }
    if (pool === 'gpu') return this.pick(rng, 'general');
    throw new Error('no node has room for another pod');
  }

  /** Records one pod on `node` and returns its IP (the node's own address for host-network pods). */
  place(node: NodeInfo, hostNetwork: boolean): string {
    if (node.pods >= MAX_PODS_PER_NODE) throw new Error(`node ${node.name} is full`);
    node.pods++;
    if (hostNetwork) return node.internalIP;
    node.lastHost++;
    return ipv4(node.cidrBase + node.lastHost);
  }
}

const OS: Record<Provider, { image: string; kernel: string }> = {
  aws: { image: 'Amazon Linux 2023.4.20240416', kernel: '6.1.79-99.167.amzn2023.x86_64' },
  gcp: { image: 'Container-Optimized OS from Google', kernel: '6.1.75+' },
  azure: { image: 'Ubuntu 22.04.4 LTS', kernel: '5.15.0-1061-azure' },
};

const NODE_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** The Node object, as the API server returns it. */
export function nodeObject(node: NodeInfo, cloud: Cloud, rng: Rng, rv: Counter): JsonMap {
  const created = EPOCH_MS + rng.int(2 * DAY_MS);
  const heartbeat = timestamp(NOW_MS - rng.int(60_000));
  const taints: JsonMap[] = [];
  if (node.pool === 'control-plane')
    taints.push({ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' });
  if (node.pool === 'gpu') taints.push({ effect: 'NoSchedule', key: 'nvidia.com/gpu', value: 'present' });
  const big = node.pool === 'general';
  const cpu = node.pool === 'control-plane' ? '4' : big ? '16' : '8';
  const memKi = node.pool === 'control-plane' ? 16_091_532 : big ? 64_483_556 : 32_408_820;
  const capacity: JsonMap = {
    cpu,
    'ephemeral-storage': '104845292Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${memKi}Ki`,
    'nvidia.com/gpu': node.pool === 'gpu' ? '1' : undefined,
    pods: String(MAX_PODS_PER_NODE),
  };
  const allocatable: JsonMap = {
    ...capacity,
    cpu: `${Number(cpu) * 1000 - 90}m`,
    'ephemeral-storage': '95551679124',
    memory: `${memKi - 1_000_000}Ki`,
  };
  const addresses: JsonMap[] = [{ address: node.internalIP, type: 'InternalIP' }];
  if (node.externalIP) addresses.push({ address: node.externalIP, type: 'ExternalIP' });
  addresses.push({ address: node.name, type: 'Hostname' });
  if (cloud.provider === 'aws') addresses.push({ address: node.name, type: 'InternalDNS' });
  const providerID = {
    aws: `aws:///${node.zone}/i-0${rng.hex(16)}`,
    gcp: `gce://${cloud.gcpProject}/${node.zone}/${node.name}`,
    azure: `azure:///subscriptions/${cloud.azureSubscription}/resourceGroups/mc_${cloud.clusterName}/providers/Microsoft.Compute/virtualMachineScaleSets/${node.name}`,
  }[cloud.provider];
  const conditions: JsonMap[] = NODE_CONDITIONS.map((type) => ({
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: timestamp(created + 60_000),
    message: `kubelet has ${type === 'PIDPressure' ? 'sufficient PID available' : `no ${type.replace('Pressure', '').toLowerCase()} pressure`}`,
    reason: `KubeletHas${type === 'PIDPressure' ? 'SufficientPID' : `No${type}`}`,
    status: 'False',
    type,
  }));
  conditions.push({
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: timestamp(created + 90_000),
    message: 'kubelet is posting ready status',
    reason: 'KubeletReady',
    status: 'True',
    type: 'Ready',
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: metadata(
      {
        name: node.name,
        uid: node.uid,
        created,
        labels: node.labels,
        annotations: {
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      rv,
    ),
    spec: {
      podCIDR: node.podCIDR,
      podCIDRs: [node.podCIDR],
      providerID,
      taints: taints.length > 0 ? taints : undefined,
    },
    status: {
      addresses,
      allocatable,
      capacity,
      conditions,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: rng.uuid(),
        containerRuntimeVersion: 'containerd://1.7.13',
        kernelVersion: OS[cloud.provider].kernel,
        kubeProxyVersion: 'v1.30.2',
        kubeletVersion: 'v1.30.2',
        machineID: rng.hex(32),
        operatingSystem: 'linux',
        osImage: OS[cloud.provider].image,
        systemUUID: rng.uuid(),
      },
    },
  };
}
