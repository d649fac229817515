import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { metadata, type Bucket, type JsonMap } from './common.js';
import { ClusterContext } from './context.js';
import { adminPolicies, gatewayClass } from './network.js';
import { makeCloud, nodeObject, planNodes, Scheduler } from './nodes.js';
import { DirectorySink, TarGzSink, type Sink } from './output.js';
import { planCluster } from './plan.js';
import { Rng } from './prng.js';
import { PROFILES, isProfileName, type ProfileName } from './profiles.js';
import { bootstrapRbac, resolveAggregation } from './rbac.js';
import { clusterRbac, generateSystemNamespace } from './system.js';
import { generateTeamNamespace } from './team.js';

export { PROFILE_NAMES, type ProfileName } from './profiles.js';
export { DANGLING_LABEL } from './rbac.js';

export interface GenerateOptions {
  /** The number of Pod objects to write, exactly. */
  pods: number;
  seed?: string | number;
  profile?: ProfileName;
  /** A folder, or a file ending in .tar.gz / .tgz. */
  out: string;
  /** Replace the `cluster/` and `namespaces/` folders of an earlier run in `out`. */
  force?: boolean;
}

export interface GenerateSummary {
  pods: number;
  nodes: number;
  namespaces: number;
  objects: number;
  files: number;
  bytes: number;
  out: string;
  archive: boolean;
}

/** Whether `out` names an archive rather than a folder. */
export function isArchivePath(out: string): boolean {
  return out.endsWith('.tar.gz') || out.endsWith('.tgz');
}

function prepareDirectory(out: string, force: boolean): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new Error(`${out} exists and is not a folder`);
  const entries = readdirSync(out);
  if (entries.length === 0) return;
  if (!force) throw new Error(`${out} is not empty; choose another path or pass --force to replace an earlier output`);
  const unexpected = entries.filter((e) => e !== 'cluster' && e !== 'namespaces');
  if (unexpected.length > 0)
    throw new Error(
      `${out} holds files the generator did not write (${unexpected.slice(0, 3).join(', ')}); refusing to replace it`,
    );
  for (const e of entries) rmSync(path.join(out, e), { recursive: true, force: true });
}

const byName = (a: JsonMap, b: JsonMap): number => {
  const x = (a.metadata as JsonMap).name as string;
  const y = (b.metadata as JsonMap).name as string;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Writes each kind of a bucket as one `kubectl get -o json` List, kinds and items in name order. */
async function writeBucket(sink: Sink, dir: string, bucket: Bucket): Promise<number> {
  let objects = 0;
  for (const plural of [...bucket.byPlural.keys()].sort()) {
    const items = bucket.byPlural.get(plural)!.sort(byName);
    objects += items.length;
    const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
    await sink.write(`${dir}/${plural}.json`, `${JSON.stringify(list, null, 2)}\n`);
  }
  return objects;
}

/**
 * Generates a synthetic cluster as a live-cluster dump: `cluster/<plural>.json` for cluster-scoped kinds and
 * `namespaces/<ns>/<plural>.json` for namespaced ones. The same options always give the same bytes.
 */
export async function generateCluster(options: GenerateOptions): Promise<GenerateSummary> {
  const pods = options.pods;
  if (!Number.isSafeInteger(pods) || pods < 0) throw new Error(`--pods must be a whole number >= 0, not ${pods}`);
  const profileName = options.profile ?? 'default';
  if (!isProfileName(profileName)) throw new Error(`unknown profile ${String(profileName)}`);
  const profile = PROFILES[profileName];
  const seed = String(options.seed ?? 1);
  const archive = isArchivePath(options.out);
  if (!archive) prepareDirectory(options.out, options.force ?? false);
  else if (existsSync(options.out) && !options.force)
    throw new Error(`${options.out} exists; pass --force to replace it`);

  const plan = planCluster(seed, pods, profile);
  const cloud = makeCloud(new Rng(seed, 'cloud'));
  const nodes = planNodes(new Rng(seed, 'nodes'), cloud, plan.counts);
  const ctx = new ClusterContext(seed, profile, cloud, nodes, new Scheduler(nodes));
  const sink: Sink = archive ? new TarGzSink(options.out) : new DirectorySink(options.out);

  let objects = 0;
  let podCount = 0;
  try {
    bootstrapRbac(ctx);
    clusterRbac(ctx, plan);
    gatewayClass(ctx);
    if (profile.adminPolicies !== 'none') adminPolicies(ctx, profile.adminPolicies);
    for (const ns of plan.namespaces) {
      const bucket = ns.team ? generateTeamNamespace(ctx, ns) : generateSystemNamespace(ctx, plan, ns);
      podCount += bucket.count('pods');
      objects += await writeBucket(sink, `namespaces/${ns.name}`, bucket);
    }
    const nodeRng = new Rng(seed, 'node-objects');
    for (const node of nodes) ctx.cluster.add('nodes', nodeObject(node, cloud, nodeRng, ctx.rv));
    const nsRng = new Rng(seed, 'namespace-objects');
    for (const ns of plan.namespaces) {
      ctx.cluster.add('namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: metadata({ name: ns.name, uid: nsRng.uuid(), created: ns.created, labels: ns.labels }, ctx.rv),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }
    resolveAggregation(ctx.cluster.byPlural.get('clusterroles') ?? []);
    objects += await writeBucket(sink, 'cluster', ctx.cluster);
  } finally {
    await sink.close();
  }
  if (podCount !== pods) throw new Error(`internal error: generated ${podCount} pods instead of ${pods}`);
  return {
    pods: podCount,
    nodes: nodes.length,
    namespaces: plan.namespaces.length,
    objects,
    files: sink.files,
    bytes: sink.bytes,
    out: options.out,
    archive,
  };
}
