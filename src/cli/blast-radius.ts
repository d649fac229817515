import { Option, type Command } from 'commander';
import { resolveNode, reachableFrom } from '../paths/find.js';
import { scan } from '../scan/scan.js';
import { addInputOptions, type InputOptions } from './options.js';
import { writeOutput } from './paths.js';
import { EXIT_INPUT_ERROR } from './scan.js';
import { toolVersion } from './version.js';

type BlastOptions = InputOptions & {
  format: 'table' | 'json';
  output?: string;
  quiet?: boolean;
  color: boolean;
  defaultRbac: boolean;
};

export function registerBlastRadius(program: Command): void {
  const command = program
    .command('blast-radius')
    .description('everything reachable from one breached workload or identity, each with its most likely path')
    .argument('<node>', 'a workload or identity: a node id (Workload:ns/Kind/name) or ns/Kind/name')
    .argument('<paths...>', 'files, folders (recursive), dump archives (.tar.gz), or - for stdin');
  addInputOptions(command);
  command
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('-q, --quiet', 'no notes on stderr')
    .option('--no-color', 'no colours')
    .option('--no-default-rbac', "do not add the API server's default roles and bindings the input lacks");
  command.action(async (node: string, paths: string[], options: BlastOptions) => {
    const result = await scan(paths, {
      version: toolVersion(),
      defaultNamespace: options.defaultNamespace,
      settings: { defaultRbac: options.defaultRbac },
      attack: { noPlan: true, search: { maxPaths: 1, perPair: 1 } },
    });
    if (!result.attack) throw new Error('the attack graph builder (src/graph/index.ts) is not available');
    const source = resolveNode(result.attack.graph, node);
    if (!source) {
      process.stderr.write(`chokepoint: ${node}: no such node in the attack graph\n`);
      process.exitCode = EXIT_INPUT_ERROR;
      return;
    }
    const reachable = reachableFrom(result.attack.graph, source).map((r) => ({
      node: r.node,
      kind: result.attack!.graph.nodes.get(r.node)!.kind,
      target: result.attack!.targets.includes(r.node),
      path: r.path,
    }));
    let text: string;
    if (options.format === 'json') {
      text = `${JSON.stringify({ source, reachable }, null, 2)}\n`;
    } else {
      const lines = [
        `Blast radius of ${source}: ${reachable.length} node(s) reachable, ${reachable.filter((r) => r.target).length} of them targets`,
      ];
      for (const r of reachable) {
        lines.push(
          `${r.target ? '!' : ' '} ${r.node}  score ${r.path.score}  via ${r.path.steps.map((s) => s.technique).join(' > ')}`,
        );
      }
      text = `${lines.join('\n')}\n`;
    }
    await writeOutput(text, { ...options, format: 'json' });
    process.exitCode = result.report.errors.length > 0 ? EXIT_INPUT_ERROR : 0;
  });
}
