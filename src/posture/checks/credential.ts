/** The shape of the static-credential checks (CKP-610..614): one finding per credential found in a kind of place. */

import { defineCheck, type Check, type CheckDefinition } from '../check.js';
import { ALTERNATIVE, KIND_LABEL } from '../secrets/detectors.js';
import { locateCredentials, type CredentialSource, type LocatedCredential } from '../secrets/scan.js';

export interface CredentialCheckDefinition extends Omit<CheckDefinition, 'run' | 'area'> {
  sources: readonly CredentialSource[];
  /** Which located credentials to report (default: all that are not expected where they are). */
  select?: (credential: LocatedCredential, all: readonly LocatedCredential[]) => boolean;
}

export function credentialCheck(definition: CredentialCheckDefinition): Check {
  const { sources, select, ...meta } = definition;
  return defineCheck({
    ...meta,
    area: 'secrets',
    run(ctx) {
      const all = locateCredentials(ctx.index);
      for (const credential of all) {
        const { fact } = credential;
        if (!sources.includes(fact.source) || fact.expected) continue;
        if (select && !select(credential, all)) continue;
        const under = fact.innerKey ? ` under ${fact.innerKey}` : '';
        ctx.report({
          target: credential.target,
          ...(fact.container !== undefined ? { container: fact.container } : {}),
          path: fact.path,
          // Never the value: its kind, where it is and a fingerprint to match it elsewhere.
          message: `${KIND_LABEL[fact.kind]}${under}, fingerprint sha256:${fact.fingerprint}`,
          advice: `Short-lived alternative: ${ALTERNATIVE[fact.kind]}.`,
        });
      }
    },
  });
}
