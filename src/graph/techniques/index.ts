/** The technique registry: one technique per file, in the order edges are added. */
import { AWS_AUTH_EDIT } from './aws-auth-edit.js';
import { AWS_AUTH_MAP } from './aws-auth-map.js';
import { AZURE_WORKLOAD_IDENTITY } from './azure-workload-identity.js';
import { CE_MODULE_LOAD } from './ce-module-load.js';
import { CE_NSENTER } from './ce-nsenter.js';
import { CE_PRIV_MOUNT } from './ce-priv-mount.js';
import { CE_SYS_PTRACE } from './ce-sys-ptrace.js';
import { CE_UMH_CORE_PATTERN } from './ce-umh-core-pattern.js';
import { CE_VAR_LOG_SYMLINK } from './ce-var-log-symlink.js';
import { CREATE_POD_WITH_SA } from './create-pod-with-sa.js';
import { CREATE_PV } from './create-pv.js';
import { CSR_APPROVE } from './csr-approve.js';
import { EKS_ACCESS_ENTRY } from './eks-access-entry.js';
import { EKS_POD_IDENTITY } from './eks-pod-identity.js';
import { ENDPOINT_EXPLOIT } from './endpoint-exploit.js';
import { EXPLOIT_CONTAINERD_SOCK } from './exploit-containerd-sock.js';
import { EXPLOIT_HOST_READ } from './exploit-host-read.js';
import { EXPLOIT_HOST_TRAVERSE } from './exploit-host-traverse.js';
import { EXPLOIT_HOST_WRITE } from './exploit-host-write.js';
import { EXPOSED_ENDPOINT } from './exposed-endpoint.js';
import { GKE_WORKLOAD_IDENTITY } from './gke-workload-identity.js';
import { HOST_IPC } from './host-ipc.js';
import { HOST_PID_TOKEN_STEAL } from './host-pid-token-steal.js';
import { IDENTITY_ASSUME } from './identity-assume.js';
import { IMDS_NODE_ROLE } from './imds-node-role.js';
import { IMPERSONATE } from './impersonate.js';
import { IRSA_ASSUME_ROLE } from './irsa.js';
import { NET_LATERAL } from './net-lateral.js';
import { NODE_IDENTITY } from './node-identity.js';
import { NODES_PROXY } from './nodes-proxy.js';
import { POD_ATTACH } from './pod-attach.js';
import { POD_CREATE } from './pod-create.js';
import { POD_EPHEMERAL } from './pod-ephemeral.js';
import { POD_EXEC } from './pod-exec.js';
import { POD_PATCH } from './pod-patch.js';
import { PSA_BYPASS } from './psa-bypass.js';
import { RBAC_WILDCARD } from './rbac-wildcard.js';
import { ROLE_BIND } from './role-bind.js';
import { ROLE_ESCALATE } from './role-escalate.js';
import { SECRET_READ } from './secret-read.js';
import { STATIC_CREDENTIAL } from './static-credential.js';
import { SYSTEM_MASTERS } from './system-masters.js';
import { TOKEN_CREATE } from './token-create.js';
import { TOKEN_LIST } from './token-list.js';
import { TOKEN_SECRET_CREATE } from './token-secret-create.js';
import { TOKEN_STEAL } from './token-steal.js';
import { VULN_EXPLOIT } from './vuln-exploit.js';
import { WEBHOOK_CONTROL } from './webhook-control.js';
import type { Technique } from './types.js';

export type { Technique, TechniqueEdge } from './types.js';

export const TECHNIQUES: readonly Technique[] = [
  // Entry and network
  EXPOSED_ENDPOINT,
  ENDPOINT_EXPLOIT,
  VULN_EXPLOIT,
  NET_LATERAL,
  // Identity
  IDENTITY_ASSUME,
  TOKEN_STEAL,
  NODE_IDENTITY,
  STATIC_CREDENTIAL,
  // Escapes
  CE_PRIV_MOUNT,
  CE_NSENTER,
  CE_MODULE_LOAD,
  CE_SYS_PTRACE,
  CE_UMH_CORE_PATTERN,
  EXPLOIT_HOST_WRITE,
  EXPLOIT_HOST_READ,
  EXPLOIT_HOST_TRAVERSE,
  EXPLOIT_CONTAINERD_SOCK,
  CE_VAR_LOG_SYMLINK,
  HOST_PID_TOKEN_STEAL,
  HOST_IPC,
  // RBAC
  RBAC_WILDCARD,
  ROLE_BIND,
  ROLE_ESCALATE,
  IMPERSONATE,
  SYSTEM_MASTERS,
  POD_CREATE,
  CREATE_POD_WITH_SA,
  POD_PATCH,
  POD_EXEC,
  POD_ATTACH,
  POD_EPHEMERAL,
  NODES_PROXY,
  TOKEN_CREATE,
  TOKEN_LIST,
  TOKEN_SECRET_CREATE,
  SECRET_READ,
  CSR_APPROVE,
  WEBHOOK_CONTROL,
  PSA_BYPASS,
  AWS_AUTH_EDIT,
  CREATE_PV,
  // Cloud
  IRSA_ASSUME_ROLE,
  EKS_POD_IDENTITY,
  GKE_WORKLOAD_IDENTITY,
  AZURE_WORKLOAD_IDENTITY,
  IMDS_NODE_ROLE,
  AWS_AUTH_MAP,
  EKS_ACCESS_ENTRY,
];

export const TECHNIQUE_BY_ID: ReadonlyMap<string, Technique> = new Map(TECHNIQUES.map((t) => [t.id, t]));
