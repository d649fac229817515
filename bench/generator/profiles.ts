/** The ratios that distinguish one kind of cluster from another. */
export interface Profile {
  name: ProfileName;
  /** Pod Security Admission `enforce` level of team namespaces: weights of restricted, baseline and none. */
  psa: { restricted: number; baseline: number; none: number };
  /** Fraction of team namespaces with a default-deny ingress policy, and of those also denying egress. */
  defaultDenyIngress: number;
  defaultDenyEgress: number;
  /** Fraction of workloads that get allow rules (pod label, namespace, ipBlock, port range...) beside the deny. */
  allowRules: number;
  /** AdminNetworkPolicies and the BaselineAdminNetworkPolicy. */
  adminPolicies: 'none' | 'some' | 'strict';
  /** NetworkPolicies in team namespaces at all. */
  teamNetworkPolicies: boolean;
  /** In namespaces without an enforced PSA level: chances per workload. */
  privileged: number;
  hostPath: number;
  hostNetwork: number;
  addedCapabilities: number;
  runAsNonRoot: number;
  /** Chance that a LoadBalancer Service has loadBalancerSourceRanges. */
  sourceRanges: number;
}

export const PROFILE_NAMES = ['default', 'flat-network', 'locked-down'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

const mixed: Omit<Profile, 'name'> = {
  psa: { restricted: 0.2, baseline: 0.3, none: 0.5 },
  defaultDenyIngress: 0.5,
  defaultDenyEgress: 0.35,
  allowRules: 0.7,
  adminPolicies: 'some',
  teamNetworkPolicies: true,
  privileged: 0.04,
  hostPath: 0.04,
  hostNetwork: 0.015,
  addedCapabilities: 0.06,
  runAsNonRoot: 0.5,
  sourceRanges: 0.5,
};

export const PROFILES: Record<ProfileName, Profile> = {
  default: { name: 'default', ...mixed },
  'flat-network': {
    ...mixed,
    name: 'flat-network',
    defaultDenyIngress: 0,
    defaultDenyEgress: 0,
    allowRules: 0,
    adminPolicies: 'none',
    teamNetworkPolicies: false,
    sourceRanges: 0.2,
  },
  'locked-down': {
    name: 'locked-down',
    psa: { restricted: 1, baseline: 0, none: 0 },
    defaultDenyIngress: 1,
    defaultDenyEgress: 1,
    allowRules: 1,
    adminPolicies: 'strict',
    teamNetworkPolicies: true,
    privileged: 0,
    hostPath: 0,
    hostNetwork: 0,
    addedCapabilities: 0,
    runAsNonRoot: 1,
    sourceRanges: 1,
  },
};

export function isProfileName(value: string): value is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(value);
}
