import { fixPodFlag } from '../fixes.js';
import { where } from './helpers.js';
import { fixesAsFound, type Technique } from './types.js';

export const HOST_IPC: Technique = {
  id: 'HOST_IPC',
  title: 'Tamper with the shared memory of another host-IPC pod',
  mitre: 'T1055',
  aliases: {},
  from: ['Workload'],
  to: ['Workload'],
  docs:
    'Both workloads set hostIPC: true and may run on the same node (placement as for TOKEN_STEAL): they share the ' +
    "host's IPC namespace (SysV shared memory, semaphores, message queues) and the container runtime mounts the " +
    "host's /dev/shm, so each may read and rewrite what the other keeps there (badPods #7). IPC permissions still " +
    'apply, hence the high difficulty. No edge to the Node: host IPC alone is not a host takeover.',
  difficulty: 0.7,
  *edges(ctx) {
    const shared = ctx.workloads.filter((w) => w.hostIPC);
    for (const wi of shared) {
      const nodes = new Set(wi.nodes);
      for (const other of shared) {
        if (other === wi) continue;
        const node = other.nodes.find((n) => nodes.has(n));
        if (!node) continue;
        yield {
          from: wi.id,
          to: other.id,
          because: `${where(wi)} and ${where(other)} set hostIPC: true and may share ${node === 'Node:*' ? 'a node' : node.slice(5)}`,
          // Either side leaving the host IPC namespace removes the edge.
          fixes: [fixPodFlag(wi, 'hostIPC'), fixPodFlag(other, 'hostIPC')],
        };
      }
    }
  },
  fixes: fixesAsFound,
};
