import { networkEdges } from './net-edges.js';
import { fixesAsFound, type Technique } from './types.js';

export const NET_LATERAL: Technique = {
  id: 'NET_LATERAL',
  title: 'Move over the pod network',
  mitre: 'T1210',
  aliases: {},
  from: ['Workload'],
  to: ['Workload'],
  docs:
    "The destination declares a containerPort and the NetworkPolicies (and admin policies) allow the source's egress " +
    'to it and its ingress from the source on that port (host-network pods bypass policies on their node). A reachable ' +
    'listening port is assumed exploitable. Fixes remove the rules of the existing policies that allow the traffic ' +
    '(policies add up: a new deny policy cannot override them), or add a deny policy where none isolates the pod.',
  difficulty: 0.6,
  *edges(ctx) {
    yield* networkEdges(ctx).lateral;
  },
  fixes: fixesAsFound,
};
