import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadInventory } from '../../src/inventory/load.js';
import { tempTree } from '../helpers.js';
import { docs, pod } from './fixtures.js';

const crd = (kind: string, scope: string): string =>
  [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    `metadata: {name: ${kind.toLowerCase()}s.example.com}`,
    `spec: {group: example.com, scope: ${scope}, names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}, versions: [{name: v1, served: true, storage: true}]}`,
  ].join('\n');

test('namespaced objects without a namespace go to --default-namespace; cluster-scoped ones stay cluster-scoped', async () => {
  const root = tempTree({
    'a.yaml': docs(
      pod('web'),
      pod('api', 'shop'),
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: []',
      // kubectl drops a namespace written on a cluster-scoped object.
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: ignored}',
      crd('Widget', 'Namespaced'),
      crd('Gadget', 'Cluster'),
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}',
      'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}',
      // No CRD in the input says what scope this kind has: it keeps what it says.
      'apiVersion: other.io/v1\nkind: Thing\nmetadata: {name: t}',
    ),
  });
  for (const defaultNamespace of [undefined, 'team-a']) {
    const inventory = await loadInventory([root], defaultNamespace ? { defaultNamespace } : {});
    const expected = defaultNamespace ?? 'default';
    const where = Object.fromEntries(
      inventory.objects.filter((o) => !o.implied).map((o) => [`${o.kind}/${o.name}`, o.namespace ?? null]),
    );
    assert.deepEqual(where, {
      'Pod/web': expected,
      'Pod/api': 'shop',
      'ClusterRole/reader': null,
      'Namespace/shop': null,
      'CustomResourceDefinition/widgets.example.com': null,
      'CustomResourceDefinition/gadgets.example.com': null,
      'Widget/w': expected,
      'Gadget/g': null,
      'Thing/t': null,
    });
    assert.deepEqual(inventory.unknownKinds, { Widget: 1, Gadget: 1, Thing: 1 });
    assert.equal(inventory.defaultNamespace, expected);
  }
});

test('namespaces and default service accounts are implied where the input names but does not define them', async () => {
  const root = tempTree({
    'a.yaml': docs(
      pod('web', 'shop'),
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: billing, labels: {team: pay}}',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: billing}',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: empty}',
    ),
  });
  const inventory = await loadInventory([root]);
  const implied = inventory.objects.filter((o) => o.implied);
  assert.deepEqual(
    implied.map((o) => [`${o.kind}/${o.namespace ?? ''}/${o.name}`, o.impliedBy, o.input]),
    [
      ['Namespace//shop', 'named by Pod/shop/web', 'implied'],
      ['ServiceAccount/empty/default', 'every namespace has one; namespace empty', 'implied'],
      ['ServiceAccount/shop/default', 'every namespace has one; namespace shop', 'implied'],
    ],
  );
  assert.deepEqual([...inventory.namespaces.keys()].sort(), ['billing', 'empty', 'shop']);
  // The API server labels every namespace with its name; NetworkPolicy namespaceSelectors rely on it.
  assert.deepEqual(inventory.namespaces.get('billing')!.labels, {
    team: 'pay',
    'kubernetes.io/metadata.name': 'billing',
  });
  assert.deepEqual(inventory.namespaces.get('shop')!.labels, { 'kubernetes.io/metadata.name': 'shop' });
  // Implied objects are not counted as read from the input.
  assert.equal(inventory.inputs[0]!.objects, 4);
});
