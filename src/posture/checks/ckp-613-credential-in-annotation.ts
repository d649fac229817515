import type { KubeObject, Workload } from '../../inventory/types.js';
import type { LocatedCredential } from '../secrets/scan.js';
import { credentialCheck } from './credential.js';
import { MITRE, NSA } from './refs.js';

const objectIds = new WeakMap<Workload | KubeObject, number>();
let nextId = 0;

function liveKey(target: Workload | KubeObject, fingerprint: string): string {
  let id = objectIds.get(target);
  if (id === undefined) {
    id = nextId++;
    objectIds.set(target, id);
  }
  return `${id}:${fingerprint}`;
}

const cache = new WeakMap<readonly LocatedCredential[], Set<string>>();

/** Fingerprints found in each object's live fields (not its last-applied copy). */
function liveFingerprints(all: readonly LocatedCredential[]): Set<string> {
  let keys = cache.get(all);
  if (!keys) {
    keys = new Set(
      all.filter((c) => c.fact.source !== 'last-applied').map((c) => liveKey(c.target, c.fact.fingerprint)),
    );
    cache.set(all, keys);
  }
  return keys;
}

export default credentialCheck({
  id: 'CKP-613',
  title: 'Static credential in an annotation',
  severity: 'high',
  rationale:
    'Annotations are metadata: listed by tools and controllers that never read data, and kubectl apply copies the ' +
    'whole object, Secret values included, into kubectl.kubernetes.io/last-applied-configuration in plain text. ' +
    'A credential already reported in the same object’s live fields is not reported again for its last-applied copy.',
  remediation:
    'Remove the credential from the annotation (for last-applied copies, apply with --server-side or kubectl ' +
    'apply edit-last-applied), and revoke it.',
  references: {
    kubescape: ['C-0012'],
    nsa: [NSA.secrets],
    cis: ['5.4.2'],
    mitre: [MITRE.credentialsInFiles],
  },
  sources: ['annotation', 'last-applied'],
  select: (credential, all) => {
    if (credential.fact.source !== 'last-applied') return true;
    // The same credential in the object's live fields is reported there; its copy would be noise.
    return !liveFingerprints(all).has(liveKey(credential.target, credential.fact.fingerprint));
  },
});
