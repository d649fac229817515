/**
 * The catalogue: every check, in id order. Adding a check is adding its file and a line here (DESIGN.md §3).
 */

import type { Check } from '../check.js';
import ckp101 from './ckp-101-privileged-container.js';
import ckp102 from './ckp-102-privilege-escalation.js';
import ckp103 from './ckp-103-may-run-as-root.js';
import ckp104 from './ckp-104-run-as-uid-0.js';
import ckp105 from './ckp-105-low-uid.js';
import ckp106 from './ckp-106-root-group.js';
import ckp107 from './ckp-107-writable-root-filesystem.js';
import ckp108 from './ckp-108-cap-sys-admin.js';
import ckp109 from './ckp-109-cap-sys-module.js';
import ckp110 from './ckp-110-cap-beyond-default.js';
import ckp111 from './ckp-111-capabilities-not-dropped.js';
import ckp112 from './ckp-112-cap-net-raw.js';
import ckp113 from './ckp-113-seccomp-unconfined.js';
import ckp114 from './ckp-114-seccomp-not-set.js';
import ckp115 from './ckp-115-apparmor-unconfined.js';
import ckp116 from './ckp-116-selinux-options.js';
import ckp117 from './ckp-117-unsafe-sysctls.js';
import ckp118 from './ckp-118-unmasked-proc-mount.js';
import ckp119 from './ckp-119-windows-host-process.js';
import ckp120 from './ckp-120-restricted-volume-types.js';
import ckp121 from './ckp-121-probe-host.js';
import ckp122 from './ckp-122-host-users.js';
import ckp123 from './ckp-123-host-aliases.js';
import ckp124 from './ckp-124-no-security-context.js';
import ckp125 from './ckp-125-privileged-port.js';
import ckp126 from './ckp-126-sudo-in-entrypoint.js';
import ckp127 from './ckp-127-duplicate-env.js';
import ckp201 from './ckp-201-host-pid.js';
import ckp202 from './ckp-202-host-ipc.js';
import ckp203 from './ckp-203-host-network.js';
import ckp204 from './ckp-204-host-port.js';
import ckp205 from './ckp-205-host-path.js';
import ckp206 from './ckp-206-sensitive-host-path.js';
import ckp207 from './ckp-207-writable-host-path.js';
import ckp208 from './ckp-208-runtime-socket.js';
import ckp301 from './ckp-301-mutable-image-tag.js';
import ckp302 from './ckp-302-pull-policy.js';
import ckp303 from './ckp-303-image-digest.js';
import ckp304 from './ckp-304-frozen-registry.js';
import ckp305 from './ckp-305-registry-allowlist.js';
import ckp306 from './ckp-306-memory-limit.js';
import ckp307 from './ckp-307-cpu-limit.js';
import ckp308 from './ckp-308-resource-requests.js';
import ckp309 from './ckp-309-ephemeral-storage.js';
import ckp310 from './ckp-310-liveness-probe.js';
import ckp311 from './ckp-311-readiness-probe.js';
import ckp312 from './ckp-312-probe-port.js';
import ckp313 from './ckp-313-identical-probes.js';
import ckp314 from './ckp-314-limit-range.js';
import ckp315 from './ckp-315-resource-quota.js';
import ckp316 from './ckp-316-naked-pod.js';
import ckp401 from './ckp-401-namespace-without-network-policy.js';
import ckp402 from './ckp-402-workload-not-isolated.js';
import ckp403 from './ckp-403-dangling-network-policy.js';
import ckp404 from './ckp-404-service-external-ips.js';
import ckp405 from './ckp-405-node-port.js';
import ckp406 from './ckp-406-load-balancer-source-ranges.js';
import ckp407 from './ckp-407-ssh-port.js';
import ckp408 from './ckp-408-ingress-without-tls.js';
import ckp409 from './ckp-409-nginx-snippet-annotations.js';
import ckp410 from './ckp-410-dangling-service.js';
import ckp411 from './ckp-411-dangling-ingress.js';
import ckp412 from './ckp-412-dangling-hpa.js';
import ckp501 from './ckp-501-rbac-wildcard.js';
import ckp502 from './ckp-502-cluster-admin-binding.js';
import ckp503 from './ckp-503-anonymous-binding.js';
import ckp504 from './ckp-504-authenticated-binding.js';
import ckp505 from './ckp-505-masters-binding.js';
import ckp506 from './ckp-506-read-secrets.js';
import ckp507 from './ckp-507-create-workloads.js';
import ckp508 from './ckp-508-pod-exec.js';
import ckp509 from './ckp-509-pod-port-forward.js';
import ckp510 from './ckp-510-impersonate.js';
import ckp511 from './ckp-511-rbac-escalation.js';
import ckp512 from './ckp-512-nodes-proxy.js';
import ckp513 from './ckp-513-webhook-configuration.js';
import ckp514 from './ckp-514-csr-approval.js';
import ckp515 from './ckp-515-create-tokens.js';
import ckp516 from './ckp-516-create-persistent-volumes.js';
import ckp517 from './ckp-517-delete-events.js';
import ckp518 from './ckp-518-kube-system-configmaps.js';
import ckp519 from './ckp-519-manage-networking.js';
import ckp520 from './ckp-520-default-service-account-binding.js';
import ckp601 from './ckp-601-token-automount.js';
import ckp602 from './ckp-602-default-service-account.js';
import ckp603 from './ckp-603-missing-service-account.js';
import ckp604 from './ckp-604-deprecated-service-account-field.js';
import ckp605 from './ckp-605-secret-in-env.js';
import ckp606 from './ckp-606-legacy-token-secret.js';
import ckp610 from './ckp-610-credential-in-env.js';
import ckp611 from './ckp-611-credential-in-args.js';
import ckp612 from './ckp-612-credential-in-configmap.js';
import ckp613 from './ckp-613-credential-in-annotation.js';
import ckp614 from './ckp-614-credential-in-secret.js';
import ckp701 from './ckp-701-default-namespace.js';
import ckp702 from './ckp-702-kube-system-workload.js';
import ckp703 from './ckp-703-webhook-fail-open.js';
import ckp704 from './ckp-704-kubernetes-dashboard.js';
import ckp705 from './ckp-705-tiller.js';
import ckp706 from './ckp-706-removed-api-version.js';
import ckp707 from './ckp-707-selector-mismatch.js';
import ckp708 from './ckp-708-pod-security-admission-label.js';
import ckp900 from './ckp-900-expired-exception.js';
import ckp901 from './ckp-901-invalid-ignore-annotation.js';

export const CHECKS: readonly Check[] = [
  ckp101,
  ckp102,
  ckp103,
  ckp104,
  ckp105,
  ckp106,
  ckp107,
  ckp108,
  ckp109,
  ckp110,
  ckp111,
  ckp112,
  ckp113,
  ckp114,
  ckp115,
  ckp116,
  ckp117,
  ckp118,
  ckp119,
  ckp120,
  ckp121,
  ckp122,
  ckp123,
  ckp124,
  ckp125,
  ckp126,
  ckp127,
  ckp201,
  ckp202,
  ckp203,
  ckp204,
  ckp205,
  ckp206,
  ckp207,
  ckp208,
  ckp301,
  ckp302,
  ckp303,
  ckp304,
  ckp305,
  ckp306,
  ckp307,
  ckp308,
  ckp309,
  ckp310,
  ckp311,
  ckp312,
  ckp313,
  ckp314,
  ckp315,
  ckp316,
  ckp401,
  ckp402,
  ckp403,
  ckp404,
  ckp405,
  ckp406,
  ckp407,
  ckp408,
  ckp409,
  ckp410,
  ckp411,
  ckp412,
  ckp501,
  ckp502,
  ckp503,
  ckp504,
  ckp505,
  ckp506,
  ckp507,
  ckp508,
  ckp509,
  ckp510,
  ckp511,
  ckp512,
  ckp513,
  ckp514,
  ckp515,
  ckp516,
  ckp517,
  ckp518,
  ckp519,
  ckp520,
  ckp601,
  ckp602,
  ckp603,
  ckp604,
  ckp605,
  ckp606,
  ckp610,
  ckp611,
  ckp612,
  ckp613,
  ckp614,
  ckp701,
  ckp702,
  ckp703,
  ckp704,
  ckp705,
  ckp706,
  ckp707,
  ckp708,
  ckp900,
  ckp901,
];

/** A check by id, or undefined. */
export function checkById(id: string): Check | undefined {
  return CHECKS.find((check) => check.id === id);
}
