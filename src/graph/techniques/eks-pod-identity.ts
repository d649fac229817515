import { stringField, objectField } from '../../inventory/json.js';
import type { PodIdentityAssociation } from '../context.js';
import { COST, objectRef } from '../fixes.js';
import type { FixOption } from '../model.js';
import { fixesAsFound, type Technique } from './types.js';

export const EKS_POD_IDENTITY: Technique = {
  id: 'EKS_POD_IDENTITY',
  title: 'Assume the IAM role of an EKS Pod Identity association',
  mitre: 'T1078.004',
  aliases: {},
  from: ['ServiceAccount'],
  to: ['CloudIdentity'],
  docs:
    'An EKS Pod Identity association (cluster, namespace, service account, role) exists: given as input ' +
    '(settings.podIdentityAssociations: [{ namespace, serviceAccount, roleArn }], the fields of ' +
    '`aws eks describe-pod-identity-association`) or as ACK PodIdentityAssociation objects (spec.namespace, ' +
    'spec.serviceAccount, spec.roleARN). Nothing about it is visible on the ServiceAccount.',
  difficulty: 0.05,
  *edges(ctx) {
    const found: { a: PodIdentityAssociation; fix: FixOption; source: string }[] = [];
    for (const a of ctx.settings.podIdentityAssociations ?? []) {
      found.push({
        a,
        source: 'pod identity association (input)',
        fix: {
          id: `PodIdentityAssociation/${a.namespace}/${a.serviceAccount}:deleted`,
          title: `Delete the EKS Pod Identity association of ${a.namespace}/${a.serviceAccount} (aws eks delete-pod-identity-association)`,
          cost: COST.removeCloudIdentity,
        },
      });
    }
    for (const o of ctx.inventory.objects) {
      if (o.kind !== 'PodIdentityAssociation') continue;
      const spec = objectField(o.raw, 'spec');
      const namespace = stringField(spec, 'namespace');
      const serviceAccount = stringField(spec, 'serviceAccount');
      const roleArn = stringField(spec, 'roleARN') ?? stringField(spec, 'roleArn');
      if (!namespace || !serviceAccount || !roleArn) continue;
      found.push({
        a: { namespace, serviceAccount, roleArn },
        source: `${o.source.file}:${o.source.line} PodIdentityAssociation ${o.namespace ?? ''}/${o.name}`,
        fix: {
          id: `PodIdentityAssociation/${o.namespace ?? ''}/${o.name}:deleted`,
          title: `Delete PodIdentityAssociation ${o.name}`,
          cost: COST.removeCloudIdentity,
          object: objectRef(o),
          action: 'delete',
        },
      });
    }
    for (const { a, fix, source } of found) {
      yield {
        from: `ServiceAccount:${a.namespace}/${a.serviceAccount}`,
        to: `CloudIdentity:aws:${a.roleArn}`,
        because: `${source}: ${a.namespace}/${a.serviceAccount} → ${a.roleArn}`,
        fixes: [fix],
      };
    }
  },
  fixes: fixesAsFound,
};
