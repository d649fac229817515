import { arrayField, isJsonObject, objectField, stringField } from '../../inventory/json.js';
import type { EksAccessEntry, TechniqueContext } from '../context.js';
import { COST, objectRef } from '../fixes.js';
import type { FixOption } from '../model.js';
import { credentialIndex } from './credentials.js';
import { fixesAsFound, type Technique, type TechniqueEdge } from './types.js';

/** Prefixes EKS refuses in an access entry's username; groups may not start with `system:` (InvalidParameterException). */
const RESERVED_USER = /^(system:|eks:|aws:|amazon:|iam:)/;

interface Found {
  entry: EksAccessEntry;
  source: string;
  /** Deleting the entry. */
  remove: FixOption;
  /** Removing one group, or disassociating one policy. */
  withoutGroup(group: string): FixOption;
  withoutPolicy(index: number): FixOption;
}

function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function fromSettings(e: EksAccessEntry): Found {
  return {
    entry: e,
    source: `access entry ${e.principalArn} (input)`,
    remove: {
      id: `AccessEntry/${e.principalArn}:deleted`,
      title: `Delete the EKS access entry of ${e.principalArn} (aws eks delete-access-entry)`,
      cost: COST.removeCloudIdentity,
    },
    withoutGroup: (g) => ({
      id: `AccessEntry/${e.principalArn}:kubernetesGroups/${g}=removed`,
      title: `Remove group ${g} from the EKS access entry of ${e.principalArn} (aws eks update-access-entry)`,
      cost: COST.removeSubject,
    }),
    withoutPolicy: (i) => ({
      id: `AccessEntry/${e.principalArn}:accessPolicies/${policyName(e.accessPolicies?.[i]?.policyArn ?? '')}=disassociated`,
      title: `Disassociate ${policyName(e.accessPolicies?.[i]?.policyArn ?? '')} from the EKS access entry of ${e.principalArn} (aws eks disassociate-access-policy)`,
      cost: COST.removeSubject,
    }),
  };
}

/** ACK `AccessEntry` objects (eks.services.k8s.aws): spec.principalARN, kubernetesGroups, username, accessPolicies. */
function fromObjects(ctx: TechniqueContext): Found[] {
  const out: Found[] = [];
  for (const o of ctx.inventory.objects) {
    if (o.kind !== 'AccessEntry' || o.group !== 'eks.services.k8s.aws') continue;
    const spec = objectField(o.raw, 'spec');
    const principalArn = stringField(spec, 'principalARN') ?? stringField(spec, 'principalArn');
    if (!principalArn) continue;
    const groups = (arrayField(spec, 'kubernetesGroups') ?? []).filter((g): g is string => typeof g === 'string');
    const policies = (arrayField(spec, 'accessPolicies') ?? []).filter(isJsonObject).map((p) => {
      const scope = objectField(p, 'accessScope');
      return {
        policyArn: stringField(p, 'policyARN') ?? stringField(p, 'policyArn') ?? '',
        accessScope: {
          type: stringField(scope, 'type') ?? 'cluster',
          namespaces: (arrayField(scope, 'namespaces') ?? []).filter((n): n is string => typeof n === 'string'),
        },
      };
    });
    const entry: EksAccessEntry = { principalArn, kubernetesGroups: groups, accessPolicies: policies };
    const type = stringField(spec, 'type');
    if (type) entry.type = type;
    const username = stringField(spec, 'username');
    if (username) entry.username = username;
    const ref = objectRef(o);
    const name = `AccessEntry/${o.namespace ?? ''}/${o.name}`;
    const rawPolicies = (arrayField(spec, 'accessPolicies') ?? []).filter(isJsonObject);
    out.push({
      entry,
      source: `${o.source.file}:${o.source.line} AccessEntry ${o.namespace ? `${o.namespace}/` : ''}${o.name}`,
      remove: {
        id: `${name}:deleted`,
        title: `Delete AccessEntry ${o.name}`,
        cost: COST.removeCloudIdentity,
        object: ref,
        action: 'delete',
      },
      withoutGroup: (g) => ({
        id: `${name}:kubernetesGroups/${g}=removed`,
        title: `Remove group ${g} from AccessEntry ${o.name}`,
        cost: COST.removeSubject,
        object: ref,
        patch: { spec: { kubernetesGroups: groups.filter((x) => x !== g) } },
        action: 'patch',
      }),
      withoutPolicy: (i) => ({
        id: `${name}:accessPolicies/${policyName(policies[i]?.policyArn ?? '')}=disassociated`,
        title: `Remove ${policyName(policies[i]?.policyArn ?? '')} from the accessPolicies of AccessEntry ${o.name}`,
        cost: COST.removeSubject,
        object: ref,
        // A list without a merge key: the patch replaces it.
        patch: { spec: { accessPolicies: rawPolicies.filter((_, j) => j !== i) } },
        action: 'patch',
      }),
    });
  }
  return out;
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(value);
}

/** The default username EKS sets for a STANDARD entry of an IAM user (a role's is templated with the session). */
function usernameOf(e: EksAccessEntry): string | undefined {
  if (e.username !== undefined) return e.username.includes('{{') ? undefined : e.username;
  return /^arn:aws[a-z-]*:iam::\d+:user\//.test(e.principalArn) ? e.principalArn : undefined;
}

/** What each access policy gives, as graph targets (see docs). */
function* policyEdges(ctx: TechniqueContext, f: Found, from: string): Iterable<TechniqueEdge> {
  const index = credentialIndex(ctx);
  const namespaces = [...new Set([...ctx.inventory.namespaces.keys(), ...ctx.rbac.facts.namespaces])].sort();
  for (const [i, p] of (f.entry.accessPolicies ?? []).entries()) {
    const name = policyName(p.policyArn);
    const cluster = p.accessScope.type === 'cluster';
    const inScope = cluster
      ? namespaces
      : namespaces.filter((ns) => (p.accessScope.namespaces ?? []).some((pat) => globMatch(pat, ns)));
    const scopeText = cluster ? 'the cluster' : `namespaces ${(p.accessScope.namespaces ?? []).join(', ')}`;
    const because = `${f.source}: ${f.entry.principalArn} has ${name} on ${scopeText}`;
    const fixes = [f.withoutPolicy(i), f.remove];
    if (name === 'AmazonEKSClusterAdminPolicy' && cluster) {
      yield { from, to: 'ClusterAdmin', because, fixes };
      continue;
    }
    const full =
      name === 'AmazonEKSClusterAdminPolicy' || name === 'AmazonEKSAdminPolicy' || name === 'AmazonEKSEditPolicy';
    const readsSecrets = full || name === 'AmazonEKSAdminViewPolicy' || name === 'AmazonEKSSecretReaderPolicy';
    if (readsSecrets) {
      for (const o of ctx.inventory.objects) {
        if (o.kind !== 'Secret' || o.group !== '' || !o.namespace || !inScope.includes(o.namespace)) continue;
        const id = `Secret:${o.namespace}/${o.name}`;
        if (
          o.namespace === 'kube-system' ||
          o.annotations['chokepoint.io/crown-jewel'] === 'true' ||
          index.secrets.has(id)
        ) {
          yield { from, to: id, because: `${because}: get secrets`, fixes };
        }
      }
    }
    if (!full) continue;
    // impersonate serviceaccounts and create pods: every account of the namespaces (those worth reaching).
    for (const ns of inScope) {
      for (const sa of ctx.rbac.index.serviceAccounts.get(ns) ?? []) {
        const id = `ServiceAccount:${ns}/${sa}`;
        if (ctx.worthReaching(id)) yield { from, to: id, because: `${because}: impersonate serviceaccounts`, fixes };
      }
    }
    const privileged = inScope.filter((ns) => ctx.enforcedLevel(ns) === 'privileged');
    if (privileged.length > 0) {
      const text = `${because}: create pods in ${privileged.slice(0, 3).join(', ')}${privileged.length > 3 ? ', ...' : ''}, which enforce Pod Security level privileged`;
      for (const node of ctx.nodeIds) yield { from, to: node, because: text, fixes };
    }
  }
}

export const EKS_ACCESS_ENTRY: Technique = {
  id: 'EKS_ACCESS_ENTRY',
  title: 'Log in to the cluster as an IAM principal with an EKS access entry',
  mitre: 'T1078.004',
  aliases: {},
  from: ['CloudIdentity'],
  to: ['User', 'Group', 'ClusterAdmin', 'ServiceAccount', 'Secret', 'Node'],
  docs:
    'An EKS access entry of type STANDARD (default) for the IAM principal, given as input (settings.accessEntries: ' +
    'the fields of `aws eks describe-access-entry` with accessPolicies from `list-associated-access-policies`) or as ' +
    'ACK AccessEntry objects (spec.principalARN, kubernetesGroups, username, accessPolicies[{policyARN, accessScope}]). ' +
    'Edges: → Group for each kubernetesGroups entry (EKS rejects names starting with system:, so system:masters ' +
    'cannot be mapped this way); → User for the username (EKS rejects system:, eks:, aws:, amazon:, iam: prefixes; a ' +
    "templated one is left out; an IAM user's default is its ARN). Access policies (EKS-managed RBAC rules): " +
    'AmazonEKSClusterAdminPolicy on the cluster → ClusterAdmin (* on *); AmazonEKSAdminPolicy, AmazonEKSEditPolicy and ' +
    'a namespace-scoped AmazonEKSClusterAdminPolicy hold impersonate serviceaccounts, create pods and get secrets in ' +
    'their scope → every account there worth reaching, the graph Secrets there, and every node when a namespace in ' +
    "scope enforces privileged; AmazonEKSAdminViewPolicy and AmazonEKSSecretReaderPolicy → the scope's graph " +
    "Secrets. Admin's roles/rolebindings writes are not followed further. Node entry types (EC2_LINUX, ...) are left " +
    'out; an entry overrides the aws-auth mapping of the same ARN, which AWS_AUTH_MAP does not yet check.',
  difficulty: 0.05,
  *edges(ctx) {
    const found = [...(ctx.settings.accessEntries ?? []).map(fromSettings), ...fromObjects(ctx)];
    for (const f of found) {
      if ((f.entry.type ?? 'STANDARD') !== 'STANDARD') continue;
      const from = `CloudIdentity:aws:${f.entry.principalArn}`;
      const username = usernameOf(f.entry);
      if (username && !RESERVED_USER.test(username)) {
        yield { from, to: `User:${username}`, because: `${f.source}: username ${username}`, fixes: [f.remove] };
      }
      for (const g of f.entry.kubernetesGroups ?? []) {
        if (g.startsWith('system:')) continue;
        yield {
          from,
          to: `Group:${g}`,
          because: `${f.source}: kubernetesGroups ${g}`,
          fixes: [f.withoutGroup(g), f.remove],
        };
      }
      yield* policyEdges(ctx, f, from);
    }
  },
  fixes: fixesAsFound,
};
