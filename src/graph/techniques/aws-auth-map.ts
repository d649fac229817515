import { parse, stringify } from 'yaml';
import { isJsonObject, objectField, stringField, type JsonValue } from '../../inventory/json.js';
import { COST, objectRef } from '../fixes.js';
import { fixesAsFound, type Technique } from './types.js';

export const AWS_AUTH_MAP: Technique = {
  id: 'AWS_AUTH_MAP',
  title: 'Log in to the cluster as an IAM principal mapped in aws-auth',
  mitre: 'T1078.004',
  aliases: {},
  from: ['CloudIdentity'],
  to: ['User', 'Group'],
  docs:
    'ConfigMap kube-system/aws-auth maps the IAM role or user (mapRoles[].rolearn, mapUsers[].userarn) to a username ' +
    '(templated names such as system:node:{{EC2PrivateDNSName}} are left out) and groups; group system:masters then ' +
    'reaches ClusterAdmin (SYSTEM_MASTERS).',
  difficulty: 0.05,
  *edges(ctx) {
    const cm = ctx.inventory.objects.find(
      (o) => o.kind === 'ConfigMap' && o.group === '' && o.namespace === 'kube-system' && o.name === 'aws-auth',
    );
    if (!cm) return;
    const data = objectField(cm.raw, 'data');
    for (const [key, arnField] of [
      ['mapRoles', 'rolearn'],
      ['mapUsers', 'userarn'],
    ] as const) {
      const text = stringField(data, key);
      if (!text) continue;
      let entries: JsonValue;
      try {
        entries = parse(text) as JsonValue;
      } catch {
        continue;
      }
      if (!Array.isArray(entries)) continue;
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i];
        if (!isJsonObject(entry)) continue;
        const arn = stringField(entry, arnField);
        if (!arn) continue;
        const rest = entries.filter((_, j) => j !== i);
        const fix = {
          id: `ConfigMap/kube-system/aws-auth:${key}/${arn}=removed`,
          title: `Remove ${arn} from ${key} of ConfigMap kube-system/aws-auth`,
          cost: COST.removeControllerSubject,
          object: objectRef(cm),
          patch: { data: { [key]: stringify(rest) } },
          action: 'patch' as const,
        };
        const from = `CloudIdentity:aws:${arn}`;
        const where = `${cm.source.file}:${cm.source.line} ConfigMap kube-system/aws-auth ${key}[${i}]`;
        const username = stringField(entry, 'username');
        if (username && !username.includes('{{')) {
          yield { from, to: `User:${username}`, because: `${where}: ${arn} → username ${username}`, fixes: [fix] };
        }
        for (const g of Array.isArray(entry['groups']) ? entry['groups'] : []) {
          if (typeof g !== 'string') continue;
          yield { from, to: `Group:${g}`, because: `${where}: ${arn} → group ${g}`, fixes: [fix] };
        }
      }
    }
  },
  fixes: fixesAsFound,
};
