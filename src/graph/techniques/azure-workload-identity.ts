import { fixRemoveAnnotation } from '../fixes.js';
import { where } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

const ANNOTATION = 'azure.workload.identity/client-id';
const LABEL = 'azure.workload.identity/use';

export const AZURE_WORKLOAD_IDENTITY: Technique = {
  id: 'AZURE_WORKLOAD_IDENTITY',
  title: 'Act as the Entra identity of a Kubernetes service account',
  mitre: 'T1078.004',
  aliases: {},
  from: ['Workload'],
  to: ['CloudIdentity'],
  docs:
    'The pods run as a ServiceAccount annotated azure.workload.identity/client-id and carry the label ' +
    'azure.workload.identity/use: "true", so the webhook injects the federated token (the federated identity ' +
    'credential is not in the input).',
  difficulty: 0.05,
  *edges(ctx) {
    for (const wi of ctx.workloads) {
      if (wi.workload.template.labels[LABEL] !== 'true') continue;
      const sa = ctx.serviceAccounts.get(wi.serviceAccountId);
      const client = sa?.annotations[ANNOTATION];
      if (!sa || !client) continue;
      yield {
        from: wi.id,
        to: `CloudIdentity:azure:${client}`,
        because: `${where(wi)}: pod label ${LABEL}: "true", ServiceAccount ${sa.namespace}/${sa.name} ${ANNOTATION}: ${client}`,
        fixes: [fixRemoveAnnotation(sa, ANNOTATION)],
      };
    }
  },
  fixes: fixesAsFound,
};
