import { defineCheck } from '../check.js';
import type { KubeObject, Workload } from '../../inventory/types.js';
import { ignoreAnnotationsOf, parseIgnoreAnnotation } from '../exceptions.js';
import { NSA } from './refs.js';

export default defineCheck({
  id: 'CKP-901',
  title: 'Invalid chokepoint.io/ignore annotation',
  severity: 'low',
  area: 'config',
  rationale:
    'An ignore annotation entry must be "CKP-nnn: reason" naming a check of the catalogue; an entry that is not ' +
    'suppresses nothing, which its author may not know.',
  remediation: 'Write each entry as "CKP-nnn: why the risk is accepted", separated by ; or newlines.',
  references: { nsa: [NSA.audit] },
  run(ctx) {
    const check = (target: Workload | KubeObject): void => {
      for (const { value, path } of ignoreAnnotationsOf(target)) {
        const parsed = parseIgnoreAnnotation(value);
        // The entry itself is not echoed: whatever was written there stays out of the report.
        const problems = [
          ...parsed.invalid.map((_, i) => `entry ${i + 1} of the annotation is not "CKP-nnn: reason"`),
          ...parsed.entries.filter((e) => !ctx.checkIds.has(e.checkId)).map((e) => `${e.checkId} is not a check`),
        ];
        for (const problem of problems) ctx.report({ target, path, message: problem });
      }
    };
    const workloadObjects = new Set<KubeObject>();
    for (const workload of ctx.inventory.workloads) {
      if (workload.object) workloadObjects.add(workload.object);
      check(workload);
    }
    for (const object of ctx.inventory.objects) if (!object.implied && !workloadObjects.has(object)) check(object);
  },
});
