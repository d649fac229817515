/**
 * `chokepoint rbac can-i | who-can | permissions`, run through commander in-process (the command is registered by
 * main.ts separately).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerRbac } from '../../src/cli/rbac.js';
import type { CanIAnswer, PermissionsAnswer, WhoCanAnswer } from '../../src/rbac/query.js';
import { corpusManifests, tempTree } from '../helpers.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function rbac(...args: string[]): Promise<Run> {
  const run: Run = { code: -1, out: '', err: '' };
  const program = new Command()
    .exitOverride((e) => {
      throw e;
    })
    .configureOutput({ writeOut: (t) => (run.out += t), writeErr: (t) => (run.err += t) });
  registerRbac(program, {
    out: (t) => (run.out += t),
    err: (t) => (run.err += t),
    exit: (c) => (run.code = c),
  });
  try {
    await program.parseAsync(['node', 'chokepoint', 'rbac', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    run.code = e.exitCode === 0 ? 0 : 2;
  }
  return run;
}

const TEAM = tempTree({
  'rbac.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team}
rules:
- {apiGroups: [""], resources: [configmaps], verbs: [get], resourceNames: [settings]}
- {apiGroups: [apps], resources: [deployments, deployments/scale], verbs: [get, update]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: alice-reader, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
- {kind: User, name: alice}
- {kind: ServiceAccount, name: bot}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: edit-ci, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: Group, name: ci}]
`,
});

test('can-i: yes with the rule, role, binding and source; exit 0', async () => {
  const r = await rbac('can-i', 'update', 'deployments.apps/scale', '-n', 'team', '--as', 'alice', TEAM);
  assert.equal(r.code, 0, r.err);
  assert.equal(
    r.out,
    [
      'yes',
      '  rule:    get,update deployments,deployments/scale [apps]',
      '  role:    Role team/reader',
      '  binding: RoleBinding team/alice-reader',
      `  source:  ${path.join(TEAM, 'rbac.yaml')}:8`,
      '',
    ].join('\n'),
  );
});

test('can-i: no, exit 1; kinds and short names resolve as in kubectl', async () => {
  const r = await rbac('can-i', 'delete', 'deploy', '-n', 'team', '--as', 'alice', TEAM);
  assert.equal(r.code, 1);
  assert.equal(r.out, 'no\n');
  assert.equal((await rbac('can-i', 'get', 'Deployment', '-n', 'team', '--as', 'alice', TEAM)).code, 0);
  // Other namespace: the default namespace unless -n.
  assert.equal((await rbac('can-i', 'get', 'deployments', '--as', 'alice', TEAM)).code, 1);
  assert.equal(
    (await rbac('can-i', 'get', 'deployments', '--as', 'alice', '--default-namespace', 'team', TEAM)).code,
    0,
  );
});

test('can-i: NAME and resourceNames; a NAME that is an existing path is read as input', async () => {
  assert.equal((await rbac('can-i', 'get', 'configmaps', 'settings', '-n', 'team', '--as', 'alice', TEAM)).code, 0);
  assert.equal((await rbac('can-i', 'get', 'configmaps', 'other', '-n', 'team', '--as', 'alice', TEAM)).code, 1);
  assert.equal((await rbac('can-i', 'get', 'configmaps', '-n', 'team', '--as', 'alice', TEAM)).code, 1);
  assert.equal((await rbac('can-i', 'get', 'cm', '--name', 'settings', '-n', 'team', '--as', 'alice', TEAM)).code, 0);
});

test('can-i: service accounts with their groups, and --as-group', async () => {
  // The RoleBinding's ServiceAccount subject without namespace is the binding's namespace.
  assert.equal(
    (await rbac('can-i', 'get', 'deployments', '-n', 'team', '--as', 'system:serviceaccount:team:bot', TEAM)).code,
    0,
  );
  assert.equal(
    (await rbac('can-i', 'get', 'deployments', '-n', 'team', '--as', 'system:serviceaccount:other:bot', TEAM)).code,
    1,
  );
  assert.equal(
    (await rbac('can-i', 'create', 'pods/exec', '-n', 'team', '--as', 'bob', '--as-group', 'ci', TEAM)).code,
    0,
  );
  assert.equal((await rbac('can-i', 'create', 'pods/exec', '-n', 'team', '--as', 'bob', TEAM)).code, 1);
  const masters = await rbac(
    'can-i',
    'delete',
    'nodes',
    '--as',
    'x',
    '--as-group',
    'system:masters',
    '--format',
    'json',
    TEAM,
  );
  assert.equal(masters.code, 0);
  assert.equal((JSON.parse(masters.out) as CanIAnswer).reason, 'masters');
});

test('can-i --format json, non-resource URLs, and --no-default-rbac', async () => {
  const r = await rbac('can-i', 'get', '/version', '--as', 'bob', '--format', 'json', TEAM);
  assert.equal(r.code, 0);
  const answer = JSON.parse(r.out) as CanIAnswer;
  assert.deepEqual(answer.request, { resourceRequest: false, verb: 'get', path: '/version' });
  assert.deepEqual(answer.user, { name: 'bob', groups: ['system:authenticated'] });
  assert.equal(answer.grant!.role.name, 'system:discovery');
  assert.equal(answer.grant!.default, true);
  assert.match(answer.grant!.source, /^kubernetes-default-rbac\/cluster-role-bindings\.yaml:\d+$/);
  const bare = await rbac('can-i', 'get', '/version', '--as', 'bob', '--no-default-rbac', TEAM);
  assert.equal(bare.code, 1);
  assert.equal(bare.out, 'no\n');
});

test('usage and input errors exit 2; the answer is still printed for input errors', async () => {
  const badSubject = await rbac('can-i', 'get', 'pods', '--as', 'system:serviceaccount:only-ns', TEAM);
  assert.equal(badSubject.code, 2);
  assert.match(badSubject.err, /system:serviceaccount:<namespace>:<name>/);
  assert.equal((await rbac('can-i', 'get', 'pods', TEAM)).code, 2); // --as is required
  assert.equal((await rbac('can-i', 'get', 'pods', '--as', 'x', '--format', 'xml', TEAM)).code, 2);
  const broken = tempTree({
    'bad.yaml': 'kind: [',
    'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
  });
  const r = await rbac('can-i', 'get', '/healthz', '--as', 'x', broken);
  assert.equal(r.code, 2);
  assert.equal(r.out, 'yes\n' + r.out.slice(4));
  assert.match(r.err, /^error: .*bad\.yaml/m);
});

test('who-can: every subject with binding, role and scope; -A adds every namespace; json', async () => {
  const table = await rbac('who-can', 'get', 'deployments.apps', '-n', 'team', TEAM);
  assert.equal(table.code, 0, table.err);
  const lines = table.out.split('\n');
  assert.equal(lines[0], 'get deployments.apps in namespace team:');
  assert.match(lines[1]!, /^SUBJECT +SCOPE +BINDING +ROLE +SOURCE$/);
  for (const s of ['Group:ci', 'Group:system:masters', 'ServiceAccount:team/bot', 'User:alice']) {
    assert.ok(
      lines.some((l) => l.startsWith(s + ' ')),
      s,
    );
  }
  const json = JSON.parse(
    (await rbac('who-can', 'update', 'deployments/scale', '-A', '--format', 'json', TEAM)).out,
  ) as WhoCanAnswer;
  assert.equal(json.allNamespaces, true);
  const alice = json.subjects.find((s) => s.id === 'User:alice')!;
  assert.equal(alice.scope, 'team');
  assert.deepEqual(alice.grant.binding, { kind: 'RoleBinding', name: 'alice-reader', namespace: 'team' });
  assert.equal(alice.grant.role.kind, 'Role');
  assert.deepEqual(json.alwaysAllowed, ['Group:system:masters']);
  // In another namespace only cluster-wide grants count.
  const other = JSON.parse(
    (await rbac('who-can', 'update', 'deployments/scale', '-n', 'prod', '--format', 'json', TEAM)).out,
  ) as WhoCanAnswer;
  assert.ok(!other.subjects.some((s) => s.id === 'User:alice'));
});

test('who-can on the corpus: the Argo CD application controller may impersonate; nodes are cluster-scoped', async () => {
  const r = await rbac('who-can', 'impersonate', 'groups', '-n', 'team', '--format', 'json', corpusManifests);
  assert.equal(r.code, 0);
  assert.match(r.err, /groups is cluster-scoped; -n is ignored/);
  const answer = JSON.parse(r.out) as WhoCanAnswer;
  assert.deepEqual(
    answer.subjects.map((s) => s.id),
    ['Group:system:masters', 'ServiceAccount:argocd/argocd-application-controller'],
  );
  assert.equal(answer.request.resourceRequest && answer.request.namespace, '');
});

test('permissions: cluster-wide and per-namespace rules with their bindings', async () => {
  const r = await rbac('permissions', 'system:serviceaccount:team:bot', TEAM, '--format', 'json');
  assert.equal(r.code, 0, r.err);
  const answer = JSON.parse(r.out) as PermissionsAnswer;
  assert.deepEqual(answer.user.groups, [
    'system:serviceaccounts',
    'system:serviceaccounts:team',
    'system:authenticated',
  ]);
  const team = answer.rules.filter((x) => x.scope === 'team');
  assert.deepEqual(
    team.map((x) => x.grant.rule['resources']),
    [['configmaps'], ['deployments', 'deployments/scale']],
  );
  assert.equal(team[0]!.via, 'ServiceAccount team/bot');
  // Everyone authenticated holds the discovery rules cluster-wide.
  assert.ok(answer.rules.some((x) => x.scope === 'cluster-wide' && x.grant.role.name === 'system:discovery'));
  const table = await rbac('permissions', 'Group:ci', TEAM, '-n', 'team');
  assert.match(table.out, /^team +RoleBinding\/team\/edit-ci +ClusterRole\/edit +create,delete/m);
});
