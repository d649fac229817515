import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadInventory } from '../../src/inventory/load.js';
import { postureFindings } from '../../src/posture/analyzer.js';
import { sharedRoot } from '../helpers.js';
import { RBAC_CASES } from './cases/rbac.js';
import { runTable } from './table.js';

runTable(RBAC_CASES);

test('the bootstrap roles and bindings the API server creates raise no finding at all', async () => {
  const dir = path.join(sharedRoot, 'conformance/rbac');
  const files = [
    'cluster-roles.yaml',
    'cluster-role-bindings.yaml',
    'controller-roles.yaml',
    'controller-role-bindings.yaml',
    'namespace-roles.yaml',
    'namespace-role-bindings.yaml',
  ];
  const inventory = await loadInventory(files.map((f) => path.join(dir, f)));
  assert.ok(inventory.objects.length > 100);
  assert.deepEqual(
    postureFindings(inventory).map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}`),
    [],
  );
});
