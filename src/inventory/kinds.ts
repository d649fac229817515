/**
 * The kinds the inventory knows, by API group, with their scope: the built-in Kubernetes APIs and the
 * sigs.k8s.io APIs Chokepoint analyses (Gateway API, network-policy-api). Everything else is an unknown kind: kept,
 * counted, and scoped by its CustomResourceDefinition when the input has one.
 */
export type Scope = 'Namespaced' | 'Cluster';

const N: Scope = 'Namespaced';
const C: Scope = 'Cluster';

const KNOWN: Record<string, Record<string, Scope>> = {
  '': {
    Binding: N,
    ComponentStatus: C,
    ConfigMap: N,
    Endpoints: N,
    Event: N,
    LimitRange: N,
    Namespace: C,
    Node: C,
    PersistentVolume: C,
    PersistentVolumeClaim: N,
    Pod: N,
    PodTemplate: N,
    ReplicationController: N,
    ResourceQuota: N,
    Secret: N,
    Service: N,
    ServiceAccount: N,
  },
  admissionregistration: {
    MutatingWebhookConfiguration: C,
    ValidatingWebhookConfiguration: C,
    ValidatingAdmissionPolicy: C,
    ValidatingAdmissionPolicyBinding: C,
    MutatingAdmissionPolicy: C,
    MutatingAdmissionPolicyBinding: C,
  },
  apiextensions: { CustomResourceDefinition: C },
  apiregistration: { APIService: C },
  apps: { ControllerRevision: N, DaemonSet: N, Deployment: N, ReplicaSet: N, StatefulSet: N },
  autoscaling: { HorizontalPodAutoscaler: N },
  batch: { CronJob: N, Job: N },
  certificates: { CertificateSigningRequest: C, ClusterTrustBundle: C },
  coordination: { Lease: N, LeaseCandidate: N },
  discovery: { EndpointSlice: N },
  events: { Event: N },
  extensions: { DaemonSet: N, Deployment: N, Ingress: N, NetworkPolicy: N, ReplicaSet: N },
  flowcontrol: { FlowSchema: C, PriorityLevelConfiguration: C },
  networking: { Ingress: N, IngressClass: C, NetworkPolicy: N, IPAddress: C, ServiceCIDR: C },
  node: { RuntimeClass: C },
  policy: { PodDisruptionBudget: N, PodSecurityPolicy: C },
  rbac: { ClusterRole: C, ClusterRoleBinding: C, Role: N, RoleBinding: N },
  resource: { DeviceClass: C, ResourceClaim: N, ResourceClaimTemplate: N, ResourceSlice: C },
  scheduling: { PriorityClass: C },
  storage: {
    CSIDriver: C,
    CSINode: C,
    CSIStorageCapacity: N,
    StorageClass: C,
    VolumeAttachment: C,
    VolumeAttributesClass: C,
  },
  'gateway.networking': {
    BackendTLSPolicy: N,
    GatewayClass: C,
    Gateway: N,
    GRPCRoute: N,
    HTTPRoute: N,
    ReferenceGrant: N,
    TCPRoute: N,
    TLSRoute: N,
    UDPRoute: N,
  },
  'policy.networking': {
    AdminNetworkPolicy: C,
    BaselineAdminNetworkPolicy: C,
    ClusterNetworkPolicy: C,
  },
};

/** `rbac.authorization.k8s.io` → `rbac`; `apps` → `apps`; `gateway.networking.k8s.io` → `gateway.networking`. */
function shortGroup(group: string): string {
  return group.replace(/\.authorization\.k8s\.io$|\.k8s\.io$/, '');
}

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → ``. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The scope of a built-in or modelled kind, or undefined for kinds the inventory does not know. */
export function knownScope(group: string, kind: string): Scope | undefined {
  return KNOWN[shortGroup(group)]?.[kind];
}

/** Resources that moved between groups keep one identity, so `extensions/v1beta1` and `apps/v1` copies collide. */
const MOVED: Record<string, string> = {
  'extensions/Deployment': 'apps',
  'extensions/DaemonSet': 'apps',
  'extensions/ReplicaSet': 'apps',
  'extensions/Ingress': 'networking.k8s.io',
  'extensions/NetworkPolicy': 'networking.k8s.io',
};

export function canonicalGroup(group: string, kind: string): string {
  return MOVED[`${group}/${kind}`] ?? group;
}
