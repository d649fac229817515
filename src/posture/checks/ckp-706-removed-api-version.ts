import { defineCheck } from '../check.js';
import { MITRE, NSA } from './refs.js';

/** apiVersion/kind pairs the API server no longer serves, with the release that removed them and the replacement. */
const REMOVED: Record<string, { removedIn: string; use: string }> = {
  'extensions/v1beta1/Deployment': { removedIn: '1.16', use: 'apps/v1' },
  'extensions/v1beta1/DaemonSet': { removedIn: '1.16', use: 'apps/v1' },
  'extensions/v1beta1/ReplicaSet': { removedIn: '1.16', use: 'apps/v1' },
  'extensions/v1beta1/NetworkPolicy': { removedIn: '1.16', use: 'networking.k8s.io/v1' },
  'extensions/v1beta1/PodSecurityPolicy': { removedIn: '1.16', use: 'Pod Security admission' },
  'extensions/v1beta1/Ingress': { removedIn: '1.22', use: 'networking.k8s.io/v1' },
  'apps/v1beta1/Deployment': { removedIn: '1.16', use: 'apps/v1' },
  'apps/v1beta1/StatefulSet': { removedIn: '1.16', use: 'apps/v1' },
  'apps/v1beta2/Deployment': { removedIn: '1.16', use: 'apps/v1' },
  'apps/v1beta2/DaemonSet': { removedIn: '1.16', use: 'apps/v1' },
  'apps/v1beta2/ReplicaSet': { removedIn: '1.16', use: 'apps/v1' },
  'apps/v1beta2/StatefulSet': { removedIn: '1.16', use: 'apps/v1' },
  'networking.k8s.io/v1beta1/Ingress': { removedIn: '1.22', use: 'networking.k8s.io/v1' },
  'networking.k8s.io/v1beta1/IngressClass': { removedIn: '1.22', use: 'networking.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1/ClusterRole': { removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1/ClusterRoleBinding': { removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1/Role': { removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  'rbac.authorization.k8s.io/v1beta1/RoleBinding': { removedIn: '1.22', use: 'rbac.authorization.k8s.io/v1' },
  'admissionregistration.k8s.io/v1beta1/MutatingWebhookConfiguration': {
    removedIn: '1.22',
    use: 'admissionregistration.k8s.io/v1',
  },
  'admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration': {
    removedIn: '1.22',
    use: 'admissionregistration.k8s.io/v1',
  },
  'apiextensions.k8s.io/v1beta1/CustomResourceDefinition': { removedIn: '1.22', use: 'apiextensions.k8s.io/v1' },
  'apiregistration.k8s.io/v1beta1/APIService': { removedIn: '1.22', use: 'apiregistration.k8s.io/v1' },
  'certificates.k8s.io/v1beta1/CertificateSigningRequest': { removedIn: '1.22', use: 'certificates.k8s.io/v1' },
  'scheduling.k8s.io/v1beta1/PriorityClass': { removedIn: '1.22', use: 'scheduling.k8s.io/v1' },
  'storage.k8s.io/v1beta1/CSIDriver': { removedIn: '1.22', use: 'storage.k8s.io/v1' },
  'batch/v1beta1/CronJob': { removedIn: '1.25', use: 'batch/v1' },
  'policy/v1beta1/PodDisruptionBudget': { removedIn: '1.25', use: 'policy/v1' },
  'policy/v1beta1/PodSecurityPolicy': { removedIn: '1.25', use: 'Pod Security admission' },
  'autoscaling/v2beta1/HorizontalPodAutoscaler': { removedIn: '1.25', use: 'autoscaling/v2' },
  'autoscaling/v2beta2/HorizontalPodAutoscaler': { removedIn: '1.26', use: 'autoscaling/v2' },
  'discovery.k8s.io/v1beta1/EndpointSlice': { removedIn: '1.25', use: 'discovery.k8s.io/v1' },
  'events.k8s.io/v1beta1/Event': { removedIn: '1.25', use: 'events.k8s.io/v1' },
  'node.k8s.io/v1beta1/RuntimeClass': { removedIn: '1.25', use: 'node.k8s.io/v1' },
  'storage.k8s.io/v1beta1/CSIStorageCapacity': { removedIn: '1.27', use: 'storage.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta1/FlowSchema': { removedIn: '1.26', use: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta2/FlowSchema': { removedIn: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta1/PriorityLevelConfiguration': {
    removedIn: '1.26',
    use: 'flowcontrol.apiserver.k8s.io/v1',
  },
  'flowcontrol.apiserver.k8s.io/v1beta2/PriorityLevelConfiguration': {
    removedIn: '1.29',
    use: 'flowcontrol.apiserver.k8s.io/v1',
  },
};

export default defineCheck({
  id: 'CKP-706',
  title: 'Removed API version',
  severity: 'low',
  area: 'cluster',
  rationale:
    'An object in an API version the API server no longer serves cannot be applied to current clusters; manifests ' +
    'still written that way are usually unmaintained, and PodSecurityPolicy ones give a false sense of enforcement.',
  remediation: 'Migrate the object to the served version (kubectl convert helps).',
  references: {
    kubescape: ['C-0273'],
    trivy: ['KSV-0107'],
    kubeLinter: ['no-extensions-v1beta'],
    nsa: [NSA.upgrades],
    mitre: [MITRE.exploitPrivEsc],
  },
  run(ctx) {
    for (const object of ctx.inventory.objects) {
      if (object.implied) continue;
      const removed = REMOVED[`${object.apiVersion}/${object.kind}`];
      if (!removed) continue;
      ctx.report({
        target: object,
        path: 'apiVersion',
        message: `${object.kind} ${object.name} uses ${object.apiVersion}, removed in Kubernetes ${removed.removedIn}; use ${removed.use}`,
      });
    }
  },
});
