/** Which service account a workload runs as, whether its token is mounted, and whether RBAC grants it anything. */

import { stringField } from '../inventory/json.js';
import type { KubeObject, Workload } from '../inventory/types.js';
import type { PostureIndex } from './context.js';
import { RBAC_GROUP, subjectsOf } from './rbac.js';

export function serviceAccountName(workload: Workload): string {
  const spec = workload.template.spec;
  return stringField(spec, 'serviceAccountName') || stringField(spec, 'serviceAccount') || 'default';
}

export function serviceAccountOf(index: PostureIndex, workload: Workload): KubeObject | undefined {
  const name = serviceAccountName(workload);
  return index.objectsIn('ServiceAccount', workload.namespace).find((sa) => sa.name === name && sa.group === '');
}

/** The pod's setting, else its service account's, else true (the API default). */
export function tokenAutomounted(index: PostureIndex, workload: Workload): boolean {
  const own = workload.template.spec['automountServiceAccountToken'];
  if (typeof own === 'boolean') return own;
  const account = serviceAccountOf(index, workload)?.raw['automountServiceAccountToken'];
  return typeof account === 'boolean' ? account : true;
}

const bound = new WeakMap<PostureIndex, Set<string>>();

/**
 * Whether a binding in the input names the service account, or the groups it belongs to (system:serviceaccounts,
 * system:serviceaccounts:<namespace>).
 */
export function hasRoleBindings(index: PostureIndex, namespace: string, name: string): boolean {
  let subjects = bound.get(index);
  if (!subjects) {
    subjects = new Set();
    for (const binding of [
      ...index.objects('ClusterRoleBinding', [RBAC_GROUP]),
      ...index.objects('RoleBinding', [RBAC_GROUP]),
    ]) {
      for (const subject of subjectsOf(binding)) {
        if (subject.kind === 'ServiceAccount') subjects.add(`sa:${subject.namespace ?? ''}/${subject.name}`);
        else if (subject.kind === 'Group') subjects.add(`group:${subject.name}`);
      }
    }
    bound.set(index, subjects);
  }
  return (
    subjects.has(`sa:${namespace}/${name}`) ||
    subjects.has('group:system:serviceaccounts') ||
    subjects.has(`group:system:serviceaccounts:${namespace}`)
  );
}
