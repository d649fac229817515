import type { Severity } from '../report/model.js';

/**
 * The escalation catalogue: every permission that lets a subject gain more than it was given
 * (../shared/conformance/rbac/ESCALATION.md; Kubernetes "RBAC Good Practices", rbac-police, KubiScan, rbac-tool,
 * KubeHound). Each capability is one entry here; src/rbac/escalation.ts decides who holds it and what it reaches.
 */
export type CapabilityId =
  | 'WILDCARD'
  | 'ESCALATE'
  | 'BIND'
  | 'MODIFY_ROLES'
  | 'IMPERSONATE'
  | 'CREATE_POD'
  | 'CREATE_WORKLOAD'
  | 'MODIFY_POD'
  | 'MODIFY_WORKLOAD'
  | 'POD_EXEC'
  | 'POD_ATTACH'
  | 'EPHEMERAL_CONTAINER'
  | 'PORT_FORWARD'
  | 'PROXY'
  | 'NODE_PROXY'
  | 'SA_TOKEN'
  | 'READ_SECRETS'
  | 'TOKEN_SECRET'
  | 'CSR_SIGN'
  | 'ADMISSION_CONTROL'
  | 'CREATE_PV'
  | 'NAMESPACE_LABELS'
  | 'NETWORKPOLICY_WRITE'
  | 'NODE_STEAL_PODS'
  | 'SERVICE_MITM'
  | 'POD_STATUS'
  | 'AWS_AUTH'
  | 'API_EXTENSION';

export interface CapabilityDef {
  id: CapabilityId;
  /** The finding's check id in reports. */
  checkId: string;
  title: string;
  /** The permission(s), as RBAC rules would grant them. */
  permission: string;
  /** What holding it lets the subject do. */
  enables: string;
  /** Where the capability is evaluated: per namespace (RoleBindings count) or cluster-wide only. */
  scope: 'namespace' | 'cluster';
  /** Severity cluster-wide (ClusterRoleBinding) and within one namespace. Name-limited grants rank one lower. */
  severity: { cluster: Severity; namespace: Severity };
  /** Whether it can be a step on a chain to other identities or to full control. */
  chains: boolean;
  remediation: string;
  references: Record<string, string | string[]>;
}

const GOOD_PRACTICES = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';

export const CAPABILITIES: readonly CapabilityDef[] = [
  {
    id: 'WILDCARD',
    checkId: 'RBAC-WILDCARD',
    title: 'Wildcard access to every resource',
    permission: "verbs ['*'] on apiGroups ['*'] resources ['*']",
    enables: 'full control: cluster-wide it is cluster-admin; in a namespace it is everything there',
    scope: 'namespace',
    severity: { cluster: 'critical', namespace: 'high' },
    chains: true,
    remediation: 'List the verbs, groups and resources the subject needs instead of wildcards.',
    references: { k8s: GOOD_PRACTICES, rbacPolice: 'cluster_admin', kubiscan: 'any-any', mitre: 'T1078' },
  },
  {
    id: 'ESCALATE',
    checkId: 'RBAC-ESCALATE',
    title: 'May escalate: write roles with permissions it does not hold',
    permission: 'escalate on roles / clusterroles (with create, update or patch on them)',
    enables:
      'add any rule to a role it can write, including roles bound to itself; a new ClusterRole labelled aggregate-to-admin/edit/view extends every binding of those roles',
    scope: 'namespace',
    severity: { cluster: 'critical', namespace: 'high' },
    chains: true,
    remediation: 'Remove the escalate verb; grant role authoring through reviewed manifests instead.',
    references: { k8s: GOOD_PRACTICES, rbacPolice: 'escalate_roles', rbacTool: 'escalate' },
  },
  {
    id: 'BIND',
    checkId: 'RBAC-BIND',
    title: 'May bind roles it does not hold',
    permission: 'bind on roles / clusterroles, with create (or update) of rolebindings / clusterrolebindings',
    enables: 'bind any role it may bind (cluster-admin, admin, ...) to itself',
    scope: 'namespace',
    severity: { cluster: 'critical', namespace: 'high' },
    chains: true,
    remediation: 'Remove the bind verb, or limit it with resourceNames to the roles the subject may hand out.',
    references: {
      k8s: GOOD_PRACTICES,
      rbacPolice: 'bind_roles',
      kubiscan: 'risky-create-rolebinding',
      kubehound: 'ROLE_BIND',
    },
  },
  {
    id: 'MODIFY_ROLES',
    checkId: 'RBAC-MODIFY-ROLES',
    title: 'May write roles or bindings (within its own permissions)',
    permission: 'create / update / patch on roles, clusterroles, rolebindings or clusterrolebindings',
    enables:
      'hand its own permissions to other subjects (lateral); escalation prevention stops it exceeding them, and an aggregationRule needs full authority',
    scope: 'namespace',
    severity: { cluster: 'medium', namespace: 'low' },
    chains: false,
    remediation: 'Keep RBAC authoring with cluster administrators and GitOps pipelines.',
    references: { k8s: GOOD_PRACTICES, rbacTool: 'rbac writers' },
  },
  {
    id: 'IMPERSONATE',
    checkId: 'RBAC-IMPERSONATE',
    title: 'May impersonate other identities',
    permission:
      'impersonate on users, groups, serviceaccounts, uids or userextras (or the constrained impersonate:<mode> verbs)',
    enables:
      'act as another user, group or service account; impersonating groups reaches system:masters, which is cluster-admin',
    scope: 'namespace',
    severity: { cluster: 'critical', namespace: 'high' },
    chains: true,
    remediation: 'Remove impersonate, or limit it with resourceNames to the identities the subject must act as.',
    references: {
      k8s: GOOD_PRACTICES,
      rbacPolice: 'impersonate',
      kubiscan: 'impersonate',
      kubehound: 'IDENTITY_IMPERSONATE',
    },
  },
  {
    id: 'CREATE_POD',
    checkId: 'RBAC-CREATE-POD',
    title: 'May create pods',
    permission: 'create on pods',
    enables:
      'run a pod as any service account of the namespace and mount its secrets, config maps and volumes; a privileged or hostPath pod takes the node unless Pod Security Admission forbids it',
    scope: 'namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    chains: true,
    remediation: 'Let only controllers and deploy pipelines create pods; enforce Pod Security Admission.',
    references: {
      k8s: GOOD_PRACTICES,
      rbacPolice: 'assign_sa',
      kubiscan: 'risky-create-pod',
      kubehound: 'POD_CREATE',
    },
  },
  {
    id: 'CREATE_WORKLOAD',
    checkId: 'RBAC-CREATE-WORKLOAD',
    title: 'May create workload controllers',
    permission:
      'create on deployments, daemonsets, statefulsets, replicasets (apps, extensions), replicationcontrollers, jobs, cronjobs',
    enables: 'the same as creating pods, through a controller; a DaemonSet runs on every node',
    scope: 'namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    chains: true,
    remediation: 'Let only deploy pipelines create workloads; enforce Pod Security Admission.',
    references: { k8s: GOOD_PRACTICES, rbacPolice: 'assign_sa', kubiscan: 'risky-create-deployment' },
  },
  {
    id: 'MODIFY_POD',
    checkId: 'RBAC-MODIFY-POD',
    title: 'May update running pods',
    permission: 'update / patch on pods',
    enables: "swap a running container's image: run code as the pod's service account",
    scope: 'namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    chains: true,
    remediation: 'Remove update and patch on pods; change workloads through their controllers.',
    references: { rbacPolice: 'modify_pods', kubehound: 'POD_PATCH' },
  },
  {
    id: 'MODIFY_WORKLOAD',
    checkId: 'RBAC-MODIFY-WORKLOAD',
    title: 'May update workload controllers',
    permission:
      'update / patch on deployments, daemonsets, statefulsets, replicasets, replicationcontrollers, jobs, cronjobs',
    enables: "change a controller's pod template: any image, any service account of the namespace",
    scope: 'namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    chains: true,
    remediation: 'Let only deploy pipelines change workloads.',
    references: { rbacPolice: 'assign_sa', kubiscan: 'risky-update-deployment' },
  },
  {
    id: 'POD_EXEC',
    checkId: 'RBAC-POD-EXEC',
    title: 'May exec into pods',
    permission: 'create on pods/exec (get on the websocket path)',
    enables: "run commands in containers and read the pod's service account token",
    scope: 'namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    chains: true,
    remediation: 'Remove pods/exec from everyday roles; use a break-glass role for debugging.',
    references: { rbacPolice: 'pods_exec', kubiscan: 'risky-exec-pods', kubehound: 'POD_EXEC' },
  },
  {
    id: 'POD_ATTACH',
    checkId: 'RBAC-POD-ATTACH',
    title: 'May attach to pods',
    permission: 'create on pods/attach (get on the websocket path)',
    enables: "attach to a container's stdin/stdout: a shell where the container runs one",
    scope: 'namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    chains: true,
    remediation: 'Remove pods/attach from everyday roles.',
    references: { kubiscan: 'risky-attach-pods', kubehound: 'POD_ATTACH' },
  },
  {
    id: 'EPHEMERAL_CONTAINER',
    checkId: 'RBAC-EPHEMERAL-CONTAINER',
    title: 'May add ephemeral containers',
    permission: 'update / patch on pods/ephemeralcontainers',
    enables: "inject a (possibly privileged) debug container into a running pod: exec as the pod's service account",
    scope: 'namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    chains: true,
    remediation: 'Remove pods/ephemeralcontainers; grant it only for break-glass debugging.',
    references: { rbacPolice: 'pods_ephemeral_ctrs' },
  },
  {
    id: 'PORT_FORWARD',
    checkId: 'RBAC-PORT-FORWARD',
    title: 'May port-forward to pods',
    permission: 'create on pods/portforward (get on the websocket path)',
    enables: 'reach any port of a pod through the kubelet, past NetworkPolicy',
    scope: 'namespace',
    severity: { cluster: 'medium', namespace: 'low' },
    chains: false,
    remediation: 'Remove pods/portforward where network policy is meant to isolate pods.',
    references: {},
  },
  {
    id: 'PROXY',
    checkId: 'RBAC-PROXY',
    title: 'May proxy to pods or services through the API server',
    permission: 'any verb on pods/proxy or services/proxy',
    enables: 'reach pod and service ports from the API server, past NetworkPolicy',
    scope: 'namespace',
    severity: { cluster: 'medium', namespace: 'low' },
    chains: false,
    remediation: 'Remove pods/proxy and services/proxy where network policy is meant to isolate pods.',
    references: {},
  },
  {
    id: 'NODE_PROXY',
    checkId: 'RBAC-NODE-PROXY',
    title: 'May use the kubelet API (nodes/proxy)',
    permission: 'get (or create) on nodes/proxy',
    enables:
      'exec in any pod on the node through the kubelet, past audit and admission; get is not read-only (websocket exec upgrades a GET)',
    scope: 'cluster',
    severity: { cluster: 'critical', namespace: 'critical' },
    chains: true,
    remediation: 'Grant nodes/metrics or nodes/stats for monitoring instead of nodes/proxy.',
    references: { k8s: GOOD_PRACTICES, rbacPolice: 'nodes_proxy', kubiscan: 'node-proxy' },
  },
  {
    id: 'SA_TOKEN',
    checkId: 'RBAC-SA-TOKEN',
    title: 'May mint service account tokens',
    permission: 'create on serviceaccounts/token',
    enables: 'request a token for a service account (TokenRequest) and act as it',
    scope: 'namespace',
    severity: { cluster: 'critical', namespace: 'high' },
    chains: true,
    remediation: 'Remove serviceaccounts/token, or limit it with resourceNames to the accounts it must mint for.',
    references: { k8s: GOOD_PRACTICES, rbacPolice: 'token_request' },
  },
  {
    id: 'READ_SECRETS',
    checkId: 'RBAC-READ-SECRETS',
    title: 'May read secrets',
    permission: 'get / list / watch on secrets',
    enables:
      'read secret values (list and watch return them too), including legacy service account token secrets: act as those accounts',
    scope: 'namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    chains: true,
    remediation: 'Limit secret reads with resourceNames to the secrets the subject needs.',
    references: {
      k8s: GOOD_PRACTICES,
      rbacPolice: 'list_secrets',
      kubiscan: 'risky-get-secrets',
      kubehound: 'TOKEN_LIST',
    },
  },
  {
    id: 'TOKEN_SECRET',
    checkId: 'RBAC-TOKEN-SECRET',
    title: 'May create service account token secrets',
    permission: 'create on secrets, with get or list on secrets',
    enables:
      'create a kubernetes.io/service-account-token secret naming any service account of the namespace; the token controller fills in a token',
    scope: 'namespace',
    severity: { cluster: 'critical', namespace: 'high' },
    chains: true,
    remediation: 'Remove create on secrets where reading them back is also allowed.',
    references: { rbacPolice: 'issue_token_secrets' },
  },
  {
    id: 'CSR_SIGN',
    checkId: 'RBAC-CSR-APPROVE',
    title: 'May create and approve certificate signing requests',
    permission:
      'create certificatesigningrequests, update certificatesigningrequests/approval and approve on signers (kubernetes.io/kube-apiserver-client)',
    enables: 'mint a client certificate for any user and group, system:masters included',
    scope: 'cluster',
    severity: { cluster: 'critical', namespace: 'critical' },
    chains: true,
    remediation: 'Separate CSR creation from approval; limit approve on signers with resourceNames.',
    references: { k8s: GOOD_PRACTICES, rbacPolice: 'approve_csrs' },
  },
  {
    id: 'ADMISSION_CONTROL',
    checkId: 'RBAC-ADMISSION-CONTROL',
    title: 'May change admission control',
    permission:
      'create / update / patch on mutating or validating webhook configurations, or admission policies with their bindings',
    enables:
      'see every admitted object; mutating webhooks and mutating admission policies rewrite them (a pod, a role binding) on their way in',
    scope: 'cluster',
    severity: { cluster: 'critical', namespace: 'critical' },
    chains: true,
    remediation: 'Keep admission configuration with cluster administrators.',
    references: { k8s: GOOD_PRACTICES, rbacPolice: 'control_webhooks' },
  },
  {
    id: 'CREATE_PV',
    checkId: 'RBAC-CREATE-PV',
    title: 'May create persistent volumes',
    permission: 'create on persistentvolumes',
    enables: 'create a hostPath volume: the node filesystem, for whoever can mount it',
    scope: 'cluster',
    severity: { cluster: 'high', namespace: 'high' },
    chains: false,
    remediation: 'Let only storage provisioners create persistent volumes.',
    references: { k8s: GOOD_PRACTICES },
  },
  {
    id: 'NAMESPACE_LABELS',
    checkId: 'RBAC-NAMESPACE-LABELS',
    title: 'May relabel namespaces',
    permission: 'update / patch on namespaces (a RoleBinding reaches its own namespace)',
    enables: 'weaken the Pod Security Admission level; match NetworkPolicy namespace selectors',
    scope: 'namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    chains: false,
    remediation: 'Remove update and patch on namespaces from tenants.',
    references: { k8s: GOOD_PRACTICES },
  },
  {
    id: 'NETWORKPOLICY_WRITE',
    checkId: 'RBAC-NETWORKPOLICY-WRITE',
    title: 'May change network policies',
    permission:
      'create / update / patch / delete on networkpolicies, adminnetworkpolicies, baselineadminnetworkpolicies, clusternetworkpolicies',
    enables: 'open network paths that policy closes',
    scope: 'namespace',
    severity: { cluster: 'medium', namespace: 'low' },
    chains: false,
    remediation: 'Keep network policy with the platform team, or enforce a baseline with admin network policies.',
    references: {},
  },
  {
    id: 'NODE_STEAL_PODS',
    checkId: 'RBAC-NODE-STEAL-PODS',
    title: 'May move pods onto a node of its choosing',
    permission: 'patch / update on nodes (or nodes/status), with delete or eviction of pods',
    enables: 'cordon or taint the other nodes and evict pods so that privileged ones land on a compromised node',
    scope: 'namespace',
    severity: { cluster: 'high', namespace: 'medium' },
    chains: false,
    remediation: 'Let only the node lifecycle controllers patch nodes.',
    references: { rbacPolice: ['steal_pods', 'modify_node_status'] },
  },
  {
    id: 'SERVICE_MITM',
    checkId: 'RBAC-SERVICE-MITM',
    title: 'May redirect service traffic (CVE-2020-8554)',
    permission:
      'create / update / patch on services (externalIPs), update on services/status, write endpoints or endpointslices',
    enables: 'intercept traffic meant for other IPs with externalIPs or a load balancer status (CVE-2020-8554)',
    scope: 'namespace',
    severity: { cluster: 'medium', namespace: 'low' },
    chains: false,
    remediation: 'Enable the DenyServiceExternalIPs admission plugin or a policy that rejects externalIPs.',
    references: { rbacPolice: 'modify_service_status_cve_2020_8554', cve: 'CVE-2020-8554' },
  },
  {
    id: 'POD_STATUS',
    checkId: 'RBAC-POD-STATUS',
    title: 'May rewrite pod status',
    permission: 'update / patch on pods/status',
    enables: "change a pod's reported IPs and conditions so that services send it traffic",
    scope: 'namespace',
    severity: { cluster: 'low', namespace: 'low' },
    chains: false,
    remediation: 'Let only kubelets write pod status.',
    references: { rbacPolice: 'modify_pod_status' },
  },
  {
    id: 'AWS_AUTH',
    checkId: 'RBAC-AWS-AUTH',
    title: 'May edit the EKS aws-auth ConfigMap',
    permission: 'update / patch on configmaps named aws-auth in kube-system',
    enables: 'map any IAM identity to system:masters on EKS',
    scope: 'namespace',
    severity: { cluster: 'critical', namespace: 'critical' },
    chains: true,
    remediation: 'Use EKS access entries, and keep kube-system configmaps with cluster administrators.',
    references: { rbacPolice: 'eks_modify_aws_auth' },
  },
  {
    id: 'API_EXTENSION',
    checkId: 'RBAC-API-EXTENSION',
    title: 'May extend the API (CRDs, APIServices)',
    permission: 'create / update / patch on customresourcedefinitions or apiservices',
    enables:
      'route an API group to its own server (APIService) or add a conversion webhook (CRD): see and answer the requests',
    scope: 'cluster',
    severity: { cluster: 'high', namespace: 'high' },
    chains: false,
    remediation: 'Keep API extension with cluster administrators.',
    references: { rbacTool: 'crds' },
  },
];

export const CAPABILITY_BY_ID: ReadonlyMap<CapabilityId, CapabilityDef> = new Map(CAPABILITIES.map((c) => [c.id, c]));

/** Findings derived from the analysis as a whole rather than from one permission. */
export const DERIVED_CHECKS = {
  clusterAdminEquivalent: {
    checkId: 'RBAC-CLUSTER-ADMIN-EQUIVALENT',
    title: 'Can reach full control of the cluster',
    remediation: 'Break the chain at its first step: remove the permission the first step names.',
  },
  missingRole: {
    checkId: 'RBAC-MISSING-ROLE',
    title: 'Binding to a role that does not exist',
    remediation: 'Delete the binding, or create the role it names with the rules intended.',
  },
  invalid: {
    checkId: 'RBAC-INVALID',
    title: 'RBAC object the API server would reject or ignore',
    remediation: 'Fix the object so that it means what it says.',
  },
} as const;
