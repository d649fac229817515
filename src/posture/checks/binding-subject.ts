/** The shape of the checks that flag bindings to a special group or user (CKP-503..505, CKP-520). */

import { defineCheck, type Check, type CheckDefinition } from '../check.js';
import { refOf } from '../context.js';
import { kubectlDelete } from '../patch.js';
import {
  RBAC_GROUP,
  isDefaultBinding,
  rawSubject,
  roleRefOf,
  subjectLabel,
  subjectsOf,
  type Subject,
} from '../rbac.js';

export interface SubjectCheckDefinition extends Omit<CheckDefinition, 'run' | 'area'> {
  matches: (subject: Subject) => boolean;
  /** Also report the API server's own bindings (default false). */
  includeDefaults?: boolean;
}

export function subjectCheck(definition: SubjectCheckDefinition): Check {
  const { matches, includeDefaults, ...meta } = definition;
  return defineCheck({
    ...meta,
    area: 'rbac',
    run(ctx) {
      const bindings = [
        ...ctx.index.objects('ClusterRoleBinding', [RBAC_GROUP]),
        ...ctx.index.objects('RoleBinding', [RBAC_GROUP]),
      ];
      for (const binding of bindings) {
        if (!includeDefaults && isDefaultBinding(binding)) continue;
        const subjects = subjectsOf(binding);
        const flagged = subjects.filter(matches);
        if (flagged.length === 0) continue;
        const ref = roleRefOf(binding);
        const keep = subjects.filter((s) => !matches(s));
        ctx.report({
          target: binding,
          path: 'subjects',
          message: `${binding.kind} ${binding.name} binds ${ref ? `${ref.kind} ${ref.name}` : 'a role'} to ${flagged.map(subjectLabel).join(', ')}`,
          ...(keep.length > 0
            ? { patch: { subjects: keep.map(rawSubject) } }
            : { command: kubectlDelete(refOf(binding)) }),
        });
      }
    },
  });
}
