import type { WorkloadInfo } from '../context.js';
import { credentialIndex, identitiesOf, routeFixes, type Route } from './credentials.js';
import { fixesAsFound, type Technique } from './types.js';

const KIND: Record<Route['credential']['kind'], string> = {
  'service-account-token': 'service account token',
  'client-certificate': 'kubeconfig client certificate',
  'aws-access-key-id': 'AWS access key',
  'aws-secret-access-key': 'AWS secret access key',
};

const describe = (routes: readonly Route[]): string =>
  routes
    .map((r) => `${r.where} holds a ${KIND[r.credential.kind]} (fingerprint ${r.credential.fingerprint})`)
    .join('; ');

export const STATIC_CREDENTIAL: Technique = {
  id: 'STATIC_CREDENTIAL',
  title: 'Use a static credential stored in the cluster',
  mitre: 'T1552.001',
  aliases: {},
  from: ['Workload', 'Secret', 'Node'],
  to: ['ServiceAccount', 'User', 'Group', 'CloudIdentity'],
  docs:
    'A credential whose identity the value shows: a service account token (JWT `sub` system:serviceaccount:<ns>:<name>, ' +
    'not expired, an account the input knows) → ServiceAccount; a kubeconfig user with an embedded client ' +
    'certificate and key → User <CN> and Group <O> (a token-only kubeconfig is the JWT case; other tokens are ' +
    'skipped); an AWS access key ID together with a secret access key → `CloudIdentity:aws:access-key/<fingerprint ' +
    'of the key ID>`. Held by a workload through a literal env value, env valueFrom or envFrom of the ' +
    'Secret/ConfigMap, or a mounted secret/configMap/projected volume (items honoured); by a Secret storing it (read ' +
    'through SECRET_READ); by a node where such a workload may run. ConfigMaps are not graph nodes: reading them is ' +
    'not modelled. Annotations and last-applied-configuration are posture findings only.',
  difficulty: 0.1,
  *edges(ctx) {
    const index = credentialIndex(ctx);
    const perNode = new Map<string, Map<string, WorkloadInfo[]>>();
    for (const wi of ctx.workloads) {
      const routes = index.held.get(wi.id);
      if (!routes) continue;
      for (const [to, on] of identitiesOf(ctx, routes)) {
        yield { from: wi.id, to, because: describe(on), fixes: routeFixes(on) };
        for (const node of wi.nodes) {
          const byId = perNode.get(node) ?? new Map<string, WorkloadInfo[]>();
          byId.set(to, [...(byId.get(to) ?? []), wi]);
          perNode.set(node, byId);
        }
      }
    }
    for (const [secret, ids] of index.secrets) {
      for (const [to, on] of ids) yield { from: secret, to, because: describe(on), fixes: routeFixes(on) };
    }
    // Root on a node reads every pod's environment and volumes, as TOKEN_STEAL does the tokens.
    for (const [node, byId] of perNode) {
      for (const [to, holders] of byId) {
        const routes = holders.flatMap((wi) => identitiesOf(ctx, index.held.get(wi.id)!).get(to) ?? []);
        yield {
          from: node,
          to,
          because: `${holders.map((h) => h.id.slice(9)).join(', ')} may run on ${node === 'Node:*' ? 'any node' : node.slice(5)}: ${describe(routes)}`,
          fixes: routeFixes(routes),
        };
      }
    }
  },
  fixes: fixesAsFound,
};
