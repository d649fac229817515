import type { Inventory } from '../../inventory/types.js';
import type { Finding, Severity } from '../../report/model.js';
import { evaluatePod, levelVersionString } from './evaluate.js';
import { DEFAULT_REGISTRY } from './registry.js';
import { evaluateInventory, podMetadataOf } from './workloads.js';
import { resolveMinor } from './version.js';

export const PSS_DOCS = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

/**
 * Findings for the posture analyzer: one per check that the namespace's enforced Pod Security level would reject a
 * workload's pods for. checkId `PSS-<upstream check id>`; high for baseline checks, medium for restricted-only ones
 * (a restricted check that replaces a baseline one is high when the baseline check also fails, e.g. adding SYS_ADMIN
 * breaks capabilities_baseline as well as capabilities_restricted).
 */
export function pssFindings(inventory: Inventory): Finding[] {
  const findings: Finding[] = [];
  for (const result of evaluateInventory(inventory)) {
    const { enforce, workload } = result;
    if (enforce.allowed) continue;
    const minor = resolveMinor(enforce.version);
    const baselineFailures =
      enforce.level === 'restricted'
        ? new Set(
            evaluatePod(podMetadataOf(workload), workload.template.spec, 'baseline', minor).violations.map(
              (v) => v.check,
            ),
          )
        : new Set<string>();
    for (const violation of enforce.violations) {
      const check = DEFAULT_REGISTRY.check(violation.check);
      const replaced = check?.versions.flatMap((v) => (v.minimumMinor <= minor ? (v.overrides ?? []) : [])) ?? [];
      const severity: Severity =
        check?.level === 'baseline' || replaced.some((id) => baselineFailures.has(id)) ? 'high' : 'medium';
      findings.push({
        checkId: `PSS-${violation.check}`,
        title: `Pod Security Standards ${check?.level ?? enforce.level}: ${check?.title ?? violation.check}`,
        severity,
        object: {
          apiVersion: workload.object?.apiVersion ?? '',
          kind: workload.kind,
          namespace: workload.namespace,
          name: workload.name,
        },
        location: result.source,
        message:
          `namespace ${JSON.stringify(workload.namespace)} enforces PodSecurity ` +
          `"${levelVersionString(enforce.level, enforce.version)}", which would reject this workload's pods: ` +
          violation.message,
        remediation: check?.remediation ?? 'Change the pod spec so that the check passes.',
        references: { kubernetes: PSS_DOCS, upstreamCheck: violation.check },
      });
    }
  }
  return findings;
}
