import { InvalidArgumentError, Option, type Command } from 'commander';
import bytes from 'bytes';
import { REPORT_FORMATS, type ReportFormat } from '../report/index.js';
import { SEVERITIES, type Severity } from '../report/model.js';

/** Options every command that reads input shares. */
export interface InputOptions {
  defaultNamespace: string;
  maxFileSize?: number;
}

/** Options every command that writes a report shares. */
export interface OutputOptions {
  format: ReportFormat;
  output?: string;
  failOn?: Severity;
  quiet?: boolean;
  color: boolean;
}

function parseSize(value: string): number {
  const parsed = bytes.parse(value);
  if (parsed === null || !Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('expected a size such as 256MB, 1GB or a number of bytes.');
  }
  return parsed;
}

export function addInputOptions(command: Command): Command {
  return command
    .option(
      '--default-namespace <ns>',
      'namespace for namespaced objects that name none (as kubectl apply -n)',
      'default',
    )
    .option('--max-file-size <size>', 'largest file read, e.g. 256MB (default 256MB)', parseSize);
}

export function addOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'report format').choices(REPORT_FORMATS).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(SEVERITIES),
    )
    .option('-q, --quiet', 'no progress or notes on stderr')
    .option('--no-color', 'no colours in the table (also NO_COLOR)');
}
