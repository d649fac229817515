/** The shape of the RBAC permission checks (CKP-506..519): a role that is in use grants a dangerous permission. */

import { defineCheck, type Check, type CheckDefinition } from '../check.js';
import type { CheckContext } from '../context.js';
import { bindingSummary, isDefaultRole, isRoleInUse, RBAC_GROUP, roleGrants, type Permission } from '../rbac.js';
import type { KubeObject } from '../../inventory/types.js';

export interface PermissionCheckDefinition extends Omit<CheckDefinition, 'run' | 'area'> {
  permissions: readonly Permission[];
  /** What the grant lets a subject do, completing "grants <verb resource>, which ...". */
  consequence: string;
  /** Resource names that keep a rule narrowed by resourceNames in scope (default: none, such rules are fine). */
  sensitiveNames?: readonly string[];
  /** Narrows the roles checked (e.g. only those effective in kube-system). */
  applies?: (ctx: CheckContext, role: KubeObject) => boolean;
}

/** Roles and ClusterRoles the input defines, without the API server's own and the four user-facing defaults. */
export function customRoles(ctx: CheckContext): KubeObject[] {
  return [...ctx.index.objects('ClusterRole', [RBAC_GROUP]), ...ctx.index.objects('Role', [RBAC_GROUP])].filter(
    (role) => !role.implied && !isDefaultRole(role),
  );
}

export function permissionCheck(definition: PermissionCheckDefinition): Check {
  const { permissions, consequence, applies, sensitiveNames, ...meta } = definition;
  return defineCheck({
    ...meta,
    area: 'rbac',
    run(ctx) {
      for (const role of customRoles(ctx)) {
        if (!isRoleInUse(ctx.index, role)) continue;
        if (applies && !applies(ctx, role)) continue;
        const grant = roleGrants(role, permissions, sensitiveNames);
        if (!grant) continue;
        ctx.report({
          target: role,
          path: grant.path,
          message: `${role.kind} ${role.name} grants ${grant.text}, which ${consequence}; ${bindingSummary(ctx.index, role)}`,
        });
      }
    },
  });
}
