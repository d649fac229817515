/** Valid and invalid cases of the RBAC checks (CKP-5xx). */

import {
  boundClusterRole,
  clusterRole,
  clusterRoleBinding,
  role,
  roleBinding,
  subjectGroup,
  subjectSA,
  subjectUser,
  type CaseTable,
  type Obj,
} from '../fixtures.js';

const bootstrap = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

function rule(apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): Obj {
  return { apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) };
}

/** A valid and an invalid case for a permission check: the same grant unbound, and bound. */
function permission(
  grant: Obj,
  harmless: Obj,
): { valid: { name: string; objects: Obj[] }[]; invalid: { name: string; objects: Obj[] }[] } {
  return {
    valid: [
      { name: 'a harmless grant', objects: boundClusterRole('reader', [harmless]) },
      { name: 'the grant in a role nobody is bound to', objects: [clusterRole('unused', [grant])] },
      {
        name: 'the grant in a bootstrap role',
        objects: [
          clusterRole('system:controller:x', [grant], bootstrap),
          clusterRoleBinding('x', 'system:controller:x', [subjectSA('x')]),
        ],
      },
    ],
    invalid: [{ name: 'bound to a service account', objects: boundClusterRole('risky', [grant]) }],
  };
}

const readPods = rule([''], ['pods'], ['get', 'list']);

export const RBAC_CASES: CaseTable = {
  'CKP-501': {
    valid: [
      { name: 'explicit rules', objects: [clusterRole('reader', [readPods])] },
      { name: 'cluster-admin itself', objects: [clusterRole('cluster-admin', [rule(['*'], ['*'], ['*'])], bootstrap)] },
      {
        name: 'nonResourceURLs wildcard',
        objects: [clusterRole('urls', [{ nonResourceURLs: ['*'], verbs: ['get'] }])],
      },
    ],
    invalid: [
      {
        name: 'everything',
        objects: [clusterRole('god', [rule(['*'], ['*'], ['*'])])],
        message: /cluster-admin equivalent\); not bound in the input/,
      },
      {
        name: 'wildcard verbs in a Role',
        objects: [role('r', 'shop', [rule([''], ['configmaps'], ['*'])])],
        message: /\* in verbs/,
      },
    ],
  },
  'CKP-502': {
    valid: [
      { name: 'another role', objects: [clusterRoleBinding('b', 'view', [subjectUser('alice')])] },
      {
        name: 'bootstrap binding to system:masters',
        objects: [clusterRoleBinding('cluster-admin', 'cluster-admin', [subjectGroup('system:masters')], bootstrap)],
      },
    ],
    invalid: [
      {
        name: 'service account',
        objects: [clusterRoleBinding('ci', 'cluster-admin', [subjectSA('deployer', 'ci')])],
        message: /cluster-wide/,
      },
      {
        name: 'RoleBinding to the cluster-admin ClusterRole',
        objects: [roleBinding('owner', 'shop', 'ClusterRole', 'cluster-admin', [subjectUser('bob')])],
        message: /in namespace shop/,
      },
    ],
  },
  'CKP-503': {
    valid: [
      {
        name: 'bootstrap public-info-viewer',
        objects: [
          clusterRoleBinding(
            'system:public-info-viewer',
            'system:public-info-viewer',
            [subjectGroup('system:unauthenticated')],
            bootstrap,
          ),
        ],
      },
    ],
    invalid: [
      { name: 'anonymous user', objects: [clusterRoleBinding('oops', 'view', [subjectUser('system:anonymous')])] },
      {
        name: 'unauthenticated group',
        objects: [roleBinding('oops', 'shop', 'ClusterRole', 'edit', [subjectGroup('system:unauthenticated')])],
      },
    ],
  },
  'CKP-504': {
    valid: [
      {
        name: 'bootstrap discovery',
        objects: [
          clusterRoleBinding('system:discovery', 'system:discovery', [subjectGroup('system:authenticated')], bootstrap),
        ],
      },
    ],
    invalid: [
      {
        name: 'every authenticated identity',
        objects: [clusterRoleBinding('all-view', 'view', [subjectGroup('system:authenticated'), subjectUser('alice')])],
      },
    ],
  },
  'CKP-505': {
    valid: [
      {
        name: 'admins group',
        objects: [clusterRoleBinding('admins', 'cluster-admin', [subjectGroup('platform-admins')])],
      },
    ],
    invalid: [
      { name: 'system:masters', objects: [clusterRoleBinding('masters', 'view', [subjectGroup('system:masters')])] },
    ],
  },
  'CKP-506': {
    ...permission(rule([''], ['secrets'], ['list']), readPods),
    valid: [
      ...permission(rule([''], ['secrets'], ['list']), readPods).valid,
      {
        name: 'get narrowed by resourceNames',
        objects: boundClusterRole('own', [rule([''], ['secrets'], ['get'], ['app-token'])]),
      },
      {
        name: 'a wildcard resource is CKP-501’s finding',
        objects: boundClusterRole('wild', [rule([''], ['*'], ['get'])]),
      },
    ],
  },
  'CKP-507': permission(rule(['apps'], ['deployments'], ['create']), rule(['apps'], ['deployments'], ['get'])),
  'CKP-508': permission(rule([''], ['pods/exec'], ['create']), readPods),
  'CKP-509': permission(rule([''], ['pods/portforward'], ['create']), readPods),
  'CKP-510': permission(rule([''], ['users', 'groups'], ['impersonate']), readPods),
  'CKP-511': permission(
    rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['escalate']),
    rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['get']),
  ),
  'CKP-512': permission(rule([''], ['nodes/proxy'], ['get']), rule([''], ['nodes/metrics'], ['get'])),
  'CKP-513': permission(
    rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['patch']),
    rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['get']),
  ),
  'CKP-514': permission(
    rule(['certificates.k8s.io'], ['certificatesigningrequests/approval'], ['update']),
    rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['get']),
  ),
  'CKP-515': permission(rule([''], ['serviceaccounts/token'], ['create']), rule([''], ['serviceaccounts'], ['get'])),
  'CKP-516': permission(
    rule([''], ['persistentvolumes'], ['create']),
    rule([''], ['persistentvolumeclaims'], ['create']),
  ),
  'CKP-517': permission(rule([''], ['events'], ['delete']), rule([''], ['events'], ['create'])),
  'CKP-518': {
    valid: [
      {
        name: 'a Role in another namespace',
        objects: [
          role('cm', 'shop', [rule([''], ['configmaps'], ['update'])]),
          roleBinding('cm', 'shop', 'Role', 'cm', [subjectSA('app')]),
        ],
      },
      {
        name: 'narrowed to its own ConfigMap',
        objects: [
          role('cm', 'kube-system', [rule([''], ['configmaps'], ['update'], ['my-lock'])]),
          roleBinding('cm', 'kube-system', 'Role', 'cm', [subjectSA('app', 'kube-system')]),
        ],
      },
    ],
    invalid: [
      {
        name: 'ClusterRole bound cluster-wide',
        objects: boundClusterRole('cm', [rule([''], ['configmaps'], ['patch'])]),
      },
      {
        name: 'narrowed, but to coredns',
        objects: [
          role('dns', 'kube-system', [rule([''], ['configmaps'], ['update'], ['coredns'])]),
          roleBinding('dns', 'kube-system', 'Role', 'dns', [subjectSA('app', 'kube-system')]),
        ],
      },
    ],
  },
  'CKP-519': permission(
    rule(['networking.k8s.io'], ['networkpolicies'], ['delete']),
    rule(['networking.k8s.io'], ['networkpolicies'], ['list']),
  ),
  'CKP-520': {
    valid: [
      { name: 'dedicated account', objects: [roleBinding('b', 'shop', 'ClusterRole', 'view', [subjectSA('app')])] },
    ],
    invalid: [
      { name: 'default account', objects: [roleBinding('b', 'shop', 'ClusterRole', 'view', [subjectSA('default')])] },
    ],
  },
};
