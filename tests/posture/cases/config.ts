/** Valid and invalid cases of the checks about the configuration itself (CKP-9xx). */

import { withContainer, type CaseTable } from '../fixtures.js';

const ignore = (value: string): ReturnType<typeof withContainer> =>
  withContainer({}, {}, { annotations: { 'chokepoint.io/ignore': value } });

export const CONFIG_CASES: CaseTable = {
  'CKP-900': {
    valid: [
      { name: 'no expiry', objects: [], exceptions: [{ checks: ['CKP-101'], justification: 'CNI', line: 3 }] },
      {
        name: 'expires today (the last day it applies)',
        objects: [],
        exceptions: [{ checks: ['CKP-101'], justification: 'CNI', expires: '2026-06-01' }],
      },
    ],
    invalid: [
      {
        name: 'expired yesterday',
        objects: [],
        exceptions: [{ checks: ['CKP-101', 'CKP-203'], justification: 'CNI needs it', expires: '2026-05-31', line: 7 }],
        message: /CKP-101, CKP-203 \(CNI needs it\) expired on 2026-05-31/,
      },
    ],
  },
  'CKP-901': {
    valid: [
      { name: 'two entries separated by ;', objects: [ignore('CKP-101: CNI; CKP-203: BGP peering')] },
      { name: 'entries on separate lines', objects: [ignore('CKP-101: CNI\nCKP-203: BGP peering\n')] },
    ],
    invalid: [
      { name: 'no reason', objects: [ignore('CKP-101')], message: /entry 1 of the annotation/ },
      { name: 'unknown check', objects: [ignore('CKP-999: typo')], message: /CKP-999 is not a check/ },
      { name: 'one bad entry among good ones', objects: [ignore('CKP-101: CNI; just ignore it')] },
    ],
  },
};
