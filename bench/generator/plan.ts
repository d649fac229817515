import { DAY_MS, EPOCH_MS, HOUR_MS } from './common.js';
import { TEAMS, GPU_TEAMS } from './names.js';
import { nodeCounts, type NodeCounts } from './nodes.js';
import { Rng } from './prng.js';
import type { Profile } from './profiles.js';

export type PsaLevel = 'privileged' | 'baseline' | 'restricted';

/** Things placed deliberately in one team namespace each, so every cluster has them whatever its size. */
export type Feature =
  'showcase' | 'route-target' | 'wildcard-role' | 'pods-exec' | 'escalate' | 'dangling' | 'legacy-tokens';

export interface NamespacePlan {
  name: string;
  team?: string;
  env?: string;
  /** Pods to create in the namespace (team namespaces; system namespaces follow `components`). */
  budget: number;
  /** Pod Security Admission enforce level; undefined when the namespace has no enforce label. */
  enforce?: PsaLevel;
  labels: Record<string, string>;
  created: number;
  features: Set<Feature>;
  gpu: boolean;
  /** Labelled for the shared Gateway's HTTPS listener. */
  gatewayAccess: boolean;
}

/** System components in the order they are granted pods; with too few pods the later ones are left out. */
export const COMPONENTS = [
  'static-pods',
  'calico-node',
  'kube-proxy',
  'coredns',
  'calico-kube-controllers',
  'metrics-server',
  'ingress-nginx',
  'fluent-bit',
  'node-exporter',
  'nvidia-device-plugin',
  'prometheus',
  'alertmanager',
  'kube-state-metrics',
  'grafana',
  'envoy-gateway',
  'gitlab-runner',
  'ci-cleanup',
] as const;
export type Component = (typeof COMPONENTS)[number];

export const SYSTEM_NAMESPACES = [
  'kube-system',
  'logging',
  'monitoring',
  'ingress-nginx',
  'gateway-system',
  'ci',
  'default',
  'kube-public',
  'kube-node-lease',
] as const;

export interface ClusterPlan {
  counts: NodeCounts;
  components: Set<Component>;
  systemPods: number;
  /** System namespaces first (DaemonSets claim their node slots before anything else), then team namespaces. */
  namespaces: NamespacePlan[];
}

export function componentPods(c: Component, counts: NodeCounts): number {
  const nodes = counts.controlPlane + counts.general + counts.gpu + counts.edge;
  switch (c) {
    case 'static-pods':
      return 4 * counts.controlPlane;
    case 'calico-node':
    case 'kube-proxy':
    case 'fluent-bit':
    case 'node-exporter':
      return nodes;
    case 'nvidia-device-plugin':
      return counts.gpu;
    case 'coredns':
    case 'ingress-nginx':
    case 'prometheus':
      return 2;
    default:
      return 1;
  }
}

const ENV_SETS: readonly (readonly [string[], number])[] = [
  [['dev', 'staging', 'prod'], 55],
  [['dev', 'prod'], 20],
  [['prod'], 15],
  [['dev', 'qa', 'staging', 'prod'], 10],
];
const ENV_WEIGHT: Record<string, number> = { prod: 3, staging: 1.2, qa: 0.8, dev: 1 };

function teamName(i: number): string {
  const base = TEAMS[i % TEAMS.length]!;
  return i < TEAMS.length ? base : `${base}-${Math.floor(i / TEAMS.length) + 1}`;
}

/** Splits `total` into integers proportional to `weights` (largest remainder), so the parts add up exactly. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]![1]]!++;
  return parts;
}

export function planCluster(seed: string, pods: number, profile: Profile): ClusterPlan {
  const rng = new Rng(seed, 'plan');
  const counts = nodeCounts(pods);
  const components = new Set<Component>();
  let remaining = pods;
  for (const c of COMPONENTS) {
    const n = componentPods(c, counts);
    if (n > 0 && n <= remaining) {
      components.add(c);
      remaining -= n;
    }
  }
  const systemPods = pods - remaining;
  const namespaces: NamespacePlan[] = SYSTEM_NAMESPACES.map((name) => ({
    name,
    budget: 0,
    labels: { 'kubernetes.io/metadata.name': name },
    created: EPOCH_MS + (name.startsWith('kube-') || name === 'default' ? 0 : rng.int(6 * HOUR_MS)),
    features: new Set<Feature>(),
    gpu: false,
    gatewayAccess: false,
  }));
  if (profile.name === 'locked-down') {
    for (const ns of namespaces) {
      if (['kube-system', 'logging', 'monitoring'].includes(ns.name)) {
        ns.enforce = 'privileged';
        ns.labels['pod-security.kubernetes.io/enforce'] = 'privileged';
      } else if (!ns.name.startsWith('kube-') && ns.name !== 'default') {
        ns.enforce = 'baseline';
        ns.labels['pod-security.kubernetes.io/enforce'] = 'baseline';
        ns.labels['pod-security.kubernetes.io/warn'] = 'restricted';
      }
    }
  }

  // Team namespaces: about 1.1 * sqrt(pods), so a 100k-pod cluster has ~350 namespaces of ~280 pods on average.
  const wanted = Math.max(3, Math.round(1.1 * Math.sqrt(remaining)));
  const teams: NamespacePlan[] = [];
  for (let t = 0; teams.length < wanted; t++) {
    const team = teamName(t);
    const envs = rng.weighted(ENV_SETS);
    for (const env of envs) {
      if (teams.length >= wanted) break;
      const name = `team-${team}-${env}`;
      const labels: Record<string, string> = { env, 'kubernetes.io/metadata.name': name, team };
      const enforce = rng.weighted<PsaLevel | undefined>([
        ['restricted', profile.psa.restricted],
        ['baseline', profile.psa.baseline],
        [undefined, profile.psa.none],
      ]);
      if (enforce) {
        labels['pod-security.kubernetes.io/enforce'] = enforce;
        labels['pod-security.kubernetes.io/enforce-version'] = rng.chance(0.7) ? 'latest' : 'v1.30';
        if (enforce === 'baseline' && rng.chance(0.5)) labels['pod-security.kubernetes.io/warn'] = 'restricted';
      } else if (rng.chance(0.3)) {
        labels['pod-security.kubernetes.io/warn'] = 'baseline';
        labels['pod-security.kubernetes.io/audit'] = 'restricted';
      }
      if (rng.chance(0.3)) labels['cost-center'] = `cc-${rng.range(1000, 9999)}`;
      teams.push({
        name,
        team,
        env,
        budget: 0,
        enforce,
        labels,
        created: EPOCH_MS + DAY_MS + rng.int(2 * DAY_MS),
        features: new Set<Feature>(),
        gpu: counts.gpu > 0 && env === 'prod' && GPU_TEAMS.has(team.replace(/-\d+$/, '')),
        gatewayAccess: false,
      });
    }
  }
  const weights = teams.map((ns) => ENV_WEIGHT[ns.env!]! * Math.exp(0.7 * rng.normal()));
  const budgets = apportion(remaining, weights);
  teams.forEach((ns, i) => (ns.budget = budgets[i]!));
  const features: Feature[] = ['showcase', 'route-target', 'wildcard-role', 'pods-exec', 'escalate', 'dangling'];
  features.forEach((f, i) => teams[i % teams.length]!.features.add(f));
  for (const ns of teams) {
    if (rng.chance(0.15)) ns.features.add('legacy-tokens');
    ns.gatewayAccess = ns.features.has('showcase') || rng.chance(0.25);
    if (ns.gatewayAccess) ns.labels['gateway-access'] = 'true';
  }
  return { counts, components, systemPods, namespaces: [...namespaces, ...teams] };
}
