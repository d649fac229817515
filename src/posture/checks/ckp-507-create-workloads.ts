import { permissionCheck } from './rbac-permission.js';
import { MITRE, NSA } from './refs.js';

export default permissionCheck({
  id: 'CKP-507',
  title: 'Role can create or change workloads',
  // Off by default: the RBAC analyzer reports the same grant exactly, per subject and binding (RBAC-*).
  enabledByDefault: false,
  severity: 'medium',
  rationale:
    'Whoever can create or update pods (directly or through a controller) runs any image with any service account ' +
    'of the namespace, mounts its Secrets and, without admission control, a privileged host mount.',
  remediation: 'Grant workload write access only to deployment pipelines, and enforce Pod Security admission.',
  references: {
    kubescape: ['C-0188'],
    trivy: ['KSV-0048'],
    kubeLinter: ['access-to-create-pods'],
    nsa: [NSA.rbac],
    cis: ['5.1.4'],
    mitre: [MITRE.deployContainer],
  },
  permissions: [
    { verbs: ['create', 'update', 'patch'], groups: [''], resources: ['pods', 'replicationcontrollers'] },
    {
      verbs: ['create', 'update', 'patch'],
      groups: ['apps', 'extensions'],
      resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
    },
    { verbs: ['create', 'update', 'patch'], groups: ['batch'], resources: ['jobs', 'cronjobs'] },
  ],
  consequence: 'runs arbitrary pods with the namespace’s service accounts and Secrets',
});
