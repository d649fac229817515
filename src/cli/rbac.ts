import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { loadInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/types.js';
import { analyzeRbac, type RbacAnalysis } from '../rbac/analysis.js';
import { sourceText } from '../rbac/policy.js';
import {
  buildRequest,
  canI,
  permissionsOf,
  whoCan,
  type CanIAnswer,
  type GrantJson,
  type PermissionsAnswer,
  type WhoCanAnswer,
} from '../rbac/query.js';
import { resourceTable } from '../rbac/resources.js';
import { formatRule, makeRule } from '../rbac/rules.js';
import { parseSubjectSpec, userForSpec } from '../rbac/subjects.js';
import type { Request } from '../rbac/types.js';
import { addInputOptions, type InputOptions } from './options.js';

/** Where the commands write, and how they end; tests pass their own. */
export interface RbacIO {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
}

const processIO: RbacIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  exit: (code) => {
    process.exitCode = code;
  },
};

export const EXIT_YES = 0;
export const EXIT_NO = 1;
export const EXIT_ERROR = 2;

type Format = 'table' | 'json';

interface CommonFlags extends InputOptions {
  format: Format;
  defaultRbac: boolean;
  namespace?: string;
}

interface RequestFlags extends CommonFlags {
  name?: string;
  subresource?: string;
}

interface CanIFlags extends RequestFlags {
  as: string;
  asGroup: string[];
}

interface WhoCanFlags extends RequestFlags {
  allNamespaces?: boolean;
}

interface PermissionsFlags extends CommonFlags {
  asGroup: string[];
}

class UsageError extends Error {}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function addCommon(command: Command): Command {
  addInputOptions(command);
  return command
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-n, --namespace <ns>', 'namespace of the request (default: --default-namespace)')
    .option('--no-default-rbac', "do not add the API server's default roles and bindings the input lacks");
}

/**
 * `NAME PATH...` or `PATH...`: the first argument is a name when more follow and it is not a path that exists
 * (`--name` says it without guessing).
 */
function splitNameAndPaths(rest: string[], flags: RequestFlags): { name?: string; paths: string[] } {
  if (flags.name !== undefined) return { name: flags.name, paths: rest };
  if (rest.length >= 2 && rest[0] !== '-' && !existsSync(rest[0]!)) return { name: rest[0]!, paths: rest.slice(1) };
  return { paths: rest };
}

async function load(
  paths: string[],
  flags: CommonFlags,
  io: RbacIO,
): Promise<{ inventory: Inventory; analysis: RbacAnalysis; inputErrors: number }> {
  if (paths.length === 0) throw new UsageError('no input: name files, folders, dump archives or - for stdin');
  const inventory = await loadInventory(paths, {
    defaultNamespace: flags.defaultNamespace,
    ...(flags.maxFileSize ? { limits: { maxFileBytes: flags.maxFileSize } } : {}),
  });
  for (const e of inventory.errors) {
    io.err(`error: ${e.line ? `${e.file}:${e.line}` : e.file}${e.object ? ` ${e.object}` : ''}: ${e.message}\n`);
  }
  const analysis = analyzeRbac(inventory, { defaultRbac: flags.defaultRbac });
  for (const p of analysis.policy.problems) io.err(`warning: ${sourceText(p.source)} ${p.object}: ${p.message}\n`);
  return { inventory, analysis, inputErrors: inventory.errors.length };
}

function describeRequest(r: Request): string {
  if (!r.resourceRequest) return `${r.verb} ${r.path}`;
  const res = `${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''}${r.subresource ? `/${r.subresource}` : ''}`;
  const name = r.name ? ` ${r.name}` : '';
  return `${r.verb} ${res}${name} ${r.namespace ? `in namespace ${r.namespace}` : 'cluster-wide'}`;
}

function grantLines(g: GrantJson, indent = '  '): string[] {
  const ns = (x: { namespace?: string; name: string }): string => (x.namespace ? `${x.namespace}/${x.name}` : x.name);
  const role = `${g.role.kind} ${ns(g.role)}${g.role.aggregatedFrom ? ` (aggregated from ${g.role.aggregatedFrom.join(', ')})` : ''}`;
  return [
    `${indent}rule:    ${formatRule(makeRule(g.rule))}`,
    `${indent}role:    ${role}`,
    `${indent}binding: ${g.binding.kind} ${ns(g.binding)}${g.default ? ' (default policy)' : ''}`,
    `${indent}source:  ${g.source}`,
  ];
}

/** Columns padded to their widest cell. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function printCanI(answer: CanIAnswer, format: Format, io: RbacIO): void {
  if (format === 'json') {
    io.out(JSON.stringify(answer, null, 2) + '\n');
    return;
  }
  const lines = [answer.allowed ? 'yes' : 'no'];
  if (answer.reason === 'masters') lines.push('  system:masters is allowed everything before RBAC is asked');
  if (answer.grant) lines.push(...grantLines(answer.grant));
  io.out(lines.join('\n') + '\n');
}

function printWhoCan(answer: WhoCanAnswer, format: Format, io: RbacIO): void {
  if (format === 'json') {
    io.out(JSON.stringify(answer, null, 2) + '\n');
    return;
  }
  const rows = answer.subjects.map((s) => [
    s.id,
    s.scope,
    `${s.grant.binding.kind}/${s.grant.binding.name}`,
    `${s.grant.role.kind}/${s.grant.role.name}`,
    s.grant.source,
  ]);
  io.out(`${describeRequest(answer.request)}${answer.allNamespaces ? ' (all namespaces)' : ''}:\n`);
  io.out(table(['SUBJECT', 'SCOPE', 'BINDING', 'ROLE', 'SOURCE'], rows));
  io.out(`and ${answer.alwaysAllowed.join(', ')} (allowed before RBAC is asked)\n`);
}

function printPermissions(answer: PermissionsAnswer, format: Format, io: RbacIO): void {
  if (format === 'json') {
    io.out(JSON.stringify(answer, null, 2) + '\n');
    return;
  }
  io.out(`${answer.user.name || '(no name)'} [groups: ${answer.user.groups.join(', ')}]\n`);
  if (answer.masters) io.out('member of system:masters: allowed everything before RBAC is asked\n');
  const rows = answer.rules.map((r) => {
    const rule = r.grant.rule;
    const list = (k: string): string =>
      (rule[k] ?? []).map((x) => (x === '' && k === 'apiGroups' ? '""' : x)).join(',');
    return [
      r.scope,
      `${r.grant.binding.kind}/${r.grant.binding.namespace ? `${r.grant.binding.namespace}/` : ''}${r.grant.binding.name}`,
      `${r.grant.role.kind}/${r.grant.role.name}`,
      list('verbs'),
      list('apiGroups'),
      list('resourceNames'),
      [list('resources'), list('nonResourceURLs')].filter((x) => x !== '').join(' '),
    ];
  });
  io.out(table(['SCOPE', 'BINDING', 'ROLE', 'VERBS', 'API GROUPS', 'NAMES', 'RESOURCES / URLS'], rows));
}

function userFrom(subject: string, groups: string[]) {
  const spec = parseSubjectSpec(subject);
  if ('error' in spec) throw new UsageError(spec.error);
  return userForSpec(spec, groups);
}

async function run(io: RbacIO, body: () => Promise<number>): Promise<void> {
  try {
    io.exit(await body());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`chokepoint rbac: ${error.message}\n`);
    io.exit(EXIT_ERROR);
  }
}

/** `chokepoint rbac can-i | who-can | permissions`: RBAC questions answered like `kubectl auth can-i`. */
export function registerRbac(program: Command, io: RbacIO = processIO): Command {
  const rbac = program
    .command('rbac')
    .description('RBAC questions answered from manifests or a dump: can-i, who-can, permissions');

  const canICommand = rbac
    .command('can-i')
    .description(
      'whether SUBJECT may VERB RESOURCE: prints yes or no and the rule and binding that allow it (exit 0 yes, 1 no, 2 error)',
    )
    .argument('<verb>', 'get, list, create, impersonate, bind, escalate, *, ...')
    .argument('<resource>', 'pods, deployments.apps, pods/exec, */scale, *, or a non-resource URL such as /metrics')
    .argument('<args...>', '[NAME] PATHS...: an object name (optional), then files, folders, dumps or -')
    .requiredOption('--as <subject>', 'the user, or system:serviceaccount:<ns>:<name> (also User:x, Group:x)')
    .option('--as-group <group>', 'a group the subject belongs to (repeatable)', collect, [])
    .option('--name <name>', 'the object name (instead of the NAME argument)')
    .option('--subresource <sub>', 'the subresource (instead of RESOURCE/SUB)');
  addCommon(canICommand).action(async (verb: string, resource: string, rest: string[], flags: CanIFlags) =>
    run(io, async () => {
      const { name, paths } = splitNameAndPaths(rest, flags);
      const user = userFrom(flags.as, flags.asGroup);
      const { inventory, analysis, inputErrors } = await load(paths, flags, io);
      const built = buildRequest(
        {
          verb,
          resource,
          ...(name !== undefined ? { name } : {}),
          ...(flags.subresource ? { subresource: flags.subresource } : {}),
          ...(flags.namespace ? { namespace: flags.namespace } : {}),
          defaultNamespace: flags.defaultNamespace,
        },
        resourceTable(inventory.objects),
      );
      for (const w of built.warnings) io.err(`warning: ${w}\n`);
      const answer = canI(analysis, user, built.request);
      printCanI(answer, flags.format, io);
      if (inputErrors > 0) return EXIT_ERROR;
      return answer.allowed ? EXIT_YES : EXIT_NO;
    }),
  );

  const whoCanCommand = rbac
    .command('who-can')
    .description('every subject a binding allows to VERB RESOURCE, with the binding and role')
    .argument('<verb>', 'get, list, create, impersonate, bind, escalate, *, ...')
    .argument('<resource>', 'pods, deployments.apps, pods/exec, */scale, *, or a non-resource URL such as /metrics')
    .argument('<args...>', '[NAME] PATHS...: an object name (optional), then files, folders, dumps or -')
    .option('-A, --all-namespaces', 'count RoleBindings of every namespace (namespaced resources)')
    .option('--name <name>', 'the object name (instead of the NAME argument)')
    .option('--subresource <sub>', 'the subresource (instead of RESOURCE/SUB)');
  addCommon(whoCanCommand).action(async (verb: string, resource: string, rest: string[], flags: WhoCanFlags) =>
    run(io, async () => {
      const { name, paths } = splitNameAndPaths(rest, flags);
      const { inventory, analysis, inputErrors } = await load(paths, flags, io);
      const built = buildRequest(
        {
          verb,
          resource,
          ...(name !== undefined ? { name } : {}),
          ...(flags.subresource ? { subresource: flags.subresource } : {}),
          ...(flags.namespace ? { namespace: flags.namespace } : {}),
          ...(flags.allNamespaces ? { allNamespaces: true } : {}),
          defaultNamespace: flags.defaultNamespace,
        },
        resourceTable(inventory.objects),
      );
      for (const w of built.warnings) io.err(`warning: ${w}\n`);
      printWhoCan(whoCan(analysis, built.request, built.allNamespaces), flags.format, io);
      return inputErrors > 0 ? EXIT_ERROR : 0;
    }),
  );

  const permissionsCommand = rbac
    .command('permissions')
    .description("a subject's effective rules: cluster-wide and per namespace, each with its binding and role")
    .argument('<subject>', 'a user, system:serviceaccount:<ns>:<name>, User:x, Group:x or ServiceAccount:<ns>/<name>')
    .argument('<paths...>', 'files, folders, dumps or -')
    .option('--as-group <group>', 'a group the subject belongs to (repeatable)', collect, []);
  addCommon(permissionsCommand).action(async (subject: string, paths: string[], flags: PermissionsFlags) =>
    run(io, async () => {
      const user = userFrom(subject, flags.asGroup);
      const { analysis, inputErrors } = await load(paths, flags, io);
      printPermissions(permissionsOf(analysis, user, flags.namespace), flags.format, io);
      return inputErrors > 0 ? EXIT_ERROR : 0;
    }),
  );
  return rbac;
}
