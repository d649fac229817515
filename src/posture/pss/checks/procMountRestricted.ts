import { procMountV1Dot0 } from './procMount.js';
import type { PssCheck } from '../types.js';

/**
 * check_procMount_restricted.go: at restricted, procMount stays unset or "Default" even in a user-namespace pod. It
 * replaces the relaxed baseline procMount check from policy v1.35.
 */
export const procMountRestricted: PssCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  title: '/proc Mount Type',
  remediation:
    'Remove securityContext.procMount or set it to "Default"; restricted allows nothing else, with or ' +
    'without hostUsers: false.',
  versions: [{ minimumMinor: 35, checkPod: procMountV1Dot0, overrides: ['procMount'] }],
};
