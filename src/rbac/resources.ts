import { arrayField, objectField, stringField } from '../inventory/json.js';
import type { KubeObject } from '../inventory/types.js';

/**
 * The API resources a command line may name, resolved as kubectl does: `pods`, `pod`, `po`, `Pod`,
 * `deployments.apps`, `deploy`, plus every CustomResourceDefinition of the input. RBAC itself only ever sees the
 * plural resource name and the group; this table is for people typing them.
 */
export interface ApiResource {
  group: string;
  /** The plural lower-case name RBAC rules use. */
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames: readonly string[];
  subresources: readonly string[];
}

type Row = [group: string, resource: string, kind: string, namespaced: boolean, short?: string, subs?: string];

// `kubectl api-resources` of a 1.33 cluster, plus the names RBAC checks that are no stored resources
// (impersonation's userextras and uids, certificate signers, deployments/rollback).
const ROWS: readonly Row[] = [
  ['', 'bindings', 'Binding', true],
  ['', 'componentstatuses', 'ComponentStatus', false, 'cs'],
  ['', 'configmaps', 'ConfigMap', true, 'cm'],
  ['', 'endpoints', 'Endpoints', true, 'ep'],
  ['', 'events', 'Event', true, 'ev'],
  ['', 'limitranges', 'LimitRange', true, 'limits'],
  ['', 'namespaces', 'Namespace', false, 'ns', 'finalize status'],
  ['', 'nodes', 'Node', false, 'no', 'proxy status'],
  ['', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, 'pvc', 'status'],
  ['', 'persistentvolumes', 'PersistentVolume', false, 'pv', 'status'],
  [
    '',
    'pods',
    'Pod',
    true,
    'po',
    'attach binding ephemeralcontainers eviction exec log portforward proxy resize status',
  ],
  ['', 'podtemplates', 'PodTemplate', true],
  ['', 'replicationcontrollers', 'ReplicationController', true, 'rc', 'scale status'],
  ['', 'resourcequotas', 'ResourceQuota', true, 'quota', 'status'],
  ['', 'secrets', 'Secret', true],
  ['', 'serviceaccounts', 'ServiceAccount', true, 'sa', 'token'],
  ['', 'services', 'Service', true, 'svc', 'proxy status'],
  ['', 'users', 'User', false],
  ['', 'groups', 'Group', false],
  ['admissionregistration.k8s.io', 'mutatingadmissionpolicies', 'MutatingAdmissionPolicy', false],
  ['admissionregistration.k8s.io', 'mutatingadmissionpolicybindings', 'MutatingAdmissionPolicyBinding', false],
  ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false],
  ['admissionregistration.k8s.io', 'validatingadmissionpolicies', 'ValidatingAdmissionPolicy', false, '', 'status'],
  ['admissionregistration.k8s.io', 'validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', false],
  ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false],
  ['apiextensions.k8s.io', 'customresourcedefinitions', 'CustomResourceDefinition', false, 'crd crds', 'status'],
  ['apiregistration.k8s.io', 'apiservices', 'APIService', false, '', 'status'],
  ['apps', 'controllerrevisions', 'ControllerRevision', true],
  ['apps', 'daemonsets', 'DaemonSet', true, 'ds', 'status'],
  ['apps', 'deployments', 'Deployment', true, 'deploy', 'rollback scale status'],
  ['apps', 'replicasets', 'ReplicaSet', true, 'rs', 'scale status'],
  ['apps', 'statefulsets', 'StatefulSet', true, 'sts', 'scale status'],
  ['authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview', false],
  ['authentication.k8s.io', 'tokenreviews', 'TokenReview', false],
  ['authentication.k8s.io', 'uids', 'UID', false],
  ['authentication.k8s.io', 'userextras', 'UserExtra', false],
  ['authorization.k8s.io', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', true],
  ['authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false],
  ['authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', false],
  ['authorization.k8s.io', 'subjectaccessreviews', 'SubjectAccessReview', false],
  ['autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, 'hpa', 'status'],
  ['batch', 'cronjobs', 'CronJob', true, 'cj', 'status'],
  ['batch', 'jobs', 'Job', true, '', 'status'],
  ['certificates.k8s.io', 'certificatesigningrequests', 'CertificateSigningRequest', false, 'csr', 'approval status'],
  ['certificates.k8s.io', 'clustertrustbundles', 'ClusterTrustBundle', false],
  ['certificates.k8s.io', 'signers', 'Signer', false],
  ['coordination.k8s.io', 'leasecandidates', 'LeaseCandidate', true],
  ['coordination.k8s.io', 'leases', 'Lease', true],
  ['discovery.k8s.io', 'endpointslices', 'EndpointSlice', true],
  ['events.k8s.io', 'events', 'Event', true, 'ev'],
  ['flowcontrol.apiserver.k8s.io', 'flowschemas', 'FlowSchema', false, '', 'status'],
  ['flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', 'PriorityLevelConfiguration', false, '', 'status'],
  ['gateway.networking.k8s.io', 'backendtlspolicies', 'BackendTLSPolicy', true, 'btlspolicy', 'status'],
  ['gateway.networking.k8s.io', 'gatewayclasses', 'GatewayClass', false, 'gc', 'status'],
  ['gateway.networking.k8s.io', 'gateways', 'Gateway', true, 'gtw', 'status'],
  ['gateway.networking.k8s.io', 'grpcroutes', 'GRPCRoute', true, '', 'status'],
  ['gateway.networking.k8s.io', 'httproutes', 'HTTPRoute', true, '', 'status'],
  ['gateway.networking.k8s.io', 'referencegrants', 'ReferenceGrant', true, 'refgrant'],
  ['gateway.networking.k8s.io', 'tcproutes', 'TCPRoute', true, '', 'status'],
  ['gateway.networking.k8s.io', 'tlsroutes', 'TLSRoute', true, '', 'status'],
  ['gateway.networking.k8s.io', 'udproutes', 'UDPRoute', true, '', 'status'],
  ['networking.k8s.io', 'ingressclasses', 'IngressClass', false],
  ['networking.k8s.io', 'ingresses', 'Ingress', true, 'ing', 'status'],
  ['networking.k8s.io', 'ipaddresses', 'IPAddress', false, 'ip'],
  ['networking.k8s.io', 'networkpolicies', 'NetworkPolicy', true, 'netpol'],
  ['networking.k8s.io', 'servicecidrs', 'ServiceCIDR', false, '', 'status'],
  ['node.k8s.io', 'runtimeclasses', 'RuntimeClass', false],
  ['policy', 'poddisruptionbudgets', 'PodDisruptionBudget', true, 'pdb', 'status'],
  ['policy', 'podsecuritypolicies', 'PodSecurityPolicy', false, 'psp'],
  ['policy.networking.k8s.io', 'adminnetworkpolicies', 'AdminNetworkPolicy', false, 'anp', 'status'],
  ['policy.networking.k8s.io', 'baselineadminnetworkpolicies', 'BaselineAdminNetworkPolicy', false, 'banp', 'status'],
  ['policy.networking.k8s.io', 'clusternetworkpolicies', 'ClusterNetworkPolicy', false, 'cnp', 'status'],
  ['rbac.authorization.k8s.io', 'clusterrolebindings', 'ClusterRoleBinding', false],
  ['rbac.authorization.k8s.io', 'clusterroles', 'ClusterRole', false],
  ['rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding', true],
  ['rbac.authorization.k8s.io', 'roles', 'Role', true],
  ['resource.k8s.io', 'deviceclasses', 'DeviceClass', false],
  ['resource.k8s.io', 'resourceclaims', 'ResourceClaim', true, '', 'status'],
  ['resource.k8s.io', 'resourceclaimtemplates', 'ResourceClaimTemplate', true],
  ['resource.k8s.io', 'resourceslices', 'ResourceSlice', false],
  ['scheduling.k8s.io', 'priorityclasses', 'PriorityClass', false, 'pc'],
  ['storage.k8s.io', 'csidrivers', 'CSIDriver', false],
  ['storage.k8s.io', 'csinodes', 'CSINode', false],
  ['storage.k8s.io', 'csistoragecapacities', 'CSIStorageCapacity', true],
  ['storage.k8s.io', 'storageclasses', 'StorageClass', false, 'sc'],
  ['storage.k8s.io', 'volumeattachments', 'VolumeAttachment', false, '', 'status'],
  ['storage.k8s.io', 'volumeattributesclasses', 'VolumeAttributesClass', false, 'vac'],
];

const words = (text: string | undefined): string[] => (text ? text.split(' ').filter((w) => w !== '') : []);

export const BUILTIN_RESOURCES: readonly ApiResource[] = ROWS.map(([group, resource, kind, namespaced, s, subs]) => ({
  group,
  resource,
  kind,
  namespaced,
  shortNames: words(s),
  subresources: words(subs),
}));

/** The built-in resources plus those the input's CustomResourceDefinitions define. */
export function resourceTable(objects: readonly KubeObject[] = []): ApiResource[] {
  const out = [...BUILTIN_RESOURCES];
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition' || o.group !== 'apiextensions.k8s.io') continue;
    const spec = objectField(o.raw, 'spec');
    const names = objectField(spec, 'names');
    const group = stringField(spec, 'group');
    const plural = stringField(names, 'plural');
    const kind = stringField(names, 'kind');
    if (!group || !plural || !kind) continue;
    const shortNames = (arrayField(names, 'shortNames') ?? []).filter((x): x is string => typeof x === 'string');
    const singular = stringField(names, 'singular');
    if (singular) shortNames.push(singular);
    const subresources: string[] = [];
    for (const v of arrayField(spec, 'versions') ?? []) {
      const subs = objectField(
        typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined,
        'subresources',
      );
      for (const key of Object.keys(subs ?? {})) if (!subresources.includes(key)) subresources.push(key);
    }
    out.push({
      group,
      resource: plural,
      kind,
      namespaced: stringField(spec, 'scope') !== 'Cluster',
      shortNames,
      subresources,
    });
  }
  return out;
}

export interface ResolvedResource {
  group: string;
  resource: string;
  subresource: string;
  /** Undefined when the resource is not in the table (it is then taken as written, namespaced). */
  known?: ApiResource;
}

/** Singular forms kubectl accepts: `pod` for pods, `networkpolicy` for networkpolicies. */
function singular(r: ApiResource): string {
  return r.kind.toLowerCase();
}

/**
 * Resolves `RESOURCE[.GROUP][/SUBRESOURCE]` (`pods`, `po`, `Pod`, `deployments.apps`, `deploy/scale`, `*`) the way
 * kubectl does: by plural, singular, kind or short name; a bare name prefers the core group, then the first group in
 * alphabetical order.
 */
export function resolveResource(text: string, table: readonly ApiResource[] = BUILTIN_RESOURCES): ResolvedResource {
  const slash = text.indexOf('/');
  const base = slash < 0 ? text : text.slice(0, slash);
  const subresource = slash < 0 ? '' : text.slice(slash + 1);
  if (base === '*') return { group: '', resource: '*', subresource };
  const dot = base.indexOf('.');
  const name = (dot < 0 ? base : base.slice(0, dot)).toLowerCase();
  let group = dot < 0 ? undefined : base.slice(dot + 1);
  // `deployments.v1.apps`: a version between resource and group.
  if (group !== undefined && /^v\d+((alpha|beta)\d+)?\./.test(group)) group = group.slice(group.indexOf('.') + 1);
  const candidates = table.filter(
    (r) =>
      (group === undefined || r.group === group || (group === 'core' && r.group === '')) &&
      (r.resource === name || singular(r) === name || r.shortNames.includes(name)),
  );
  candidates.sort((a, b) =>
    a.group === b.group ? 0 : a.group === '' ? -1 : b.group === '' ? 1 : a.group < b.group ? -1 : 1,
  );
  const known = candidates[0];
  if (known) return { group: known.group, resource: known.resource, subresource, known };
  return { group: group === 'core' ? '' : (group ?? ''), resource: name, subresource };
}
