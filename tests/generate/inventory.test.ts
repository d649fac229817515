import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { generateCluster } from '../../bench/generator/index.js';
import { loadInventory } from '../../src/inventory/load.js';
import { readDump, tempDir } from './dump.js';

test('a generated cluster is valid input: the inventory loads it with zero errors and groups every pod', async () => {
  const root = tempDir('gen-inventory');
  const out = path.join(root, 'dump');
  try {
    await generateCluster({ pods: 3000, seed: '7', profile: 'default', out });
    const dump = readDump(out);
    const inventory = await loadInventory([out]);
    assert.deepEqual(inventory.errors, []);
    assert.equal(inventory.inputs[0]!.objects, dump.all.length);
    const pods = inventory.workloads.flatMap((w) => w.pods);
    assert.equal(pods.length, 3000);
    assert.equal(new Set(pods.map((p) => `${p.object.namespace}/${p.name}`)).size, 3000);
    // Pods are grouped under their top controller: no workload is a ReplicaSet owned by a Deployment or a Job owned
    // by a CronJob, and every controller-owned pod's workload is the controller the dump says owns it.
    const nodeNames = new Set(inventory.nodes.map((n) => n.name));
    const byUid = new Map(dump.all.map((o) => [o.metadata.uid, o]));
    for (const workload of inventory.workloads) {
      assert.ok(workload.object, `${workload.id} has its controller in the dump`);
      for (const pod of workload.pods) {
        assert.ok(pod.nodeName && nodeNames.has(pod.nodeName), `${pod.name} runs on a node of the dump`);
        assert.ok(pod.podIPs.length > 0);
        let owner = byUid.get(pod.object.uid!)!;
        for (
          let ref = owner.metadata.ownerReferences?.[0];
          ref && ref.kind !== 'Node';
          ref = owner.metadata.ownerReferences?.[0]
        ) {
          owner = byUid.get(ref.uid)!;
        }
        assert.equal(`Workload:${owner.metadata.namespace}/${owner.kind}/${owner.metadata.name}`, workload.id);
      }
      if (workload.pods.length > 0) assert.equal(workload.templateFrom, 'pods');
    }
    const kinds = new Set(inventory.workloads.map((w) => w.kind));
    for (const expected of ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Pod'])
      assert.ok(kinds.has(expected), expected);
    assert.equal(inventory.nodes.length, dump.all.filter((o) => o.kind === 'Node').length);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
