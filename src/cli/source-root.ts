/** The folder SARIF paths are relative to: what GitHub code scanning calls the repository root. */

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The nearest folder at or above `input` holding `.git` (a folder, or a file in a worktree or submodule); without
 * one, the input itself when it is a folder, else the folder holding it.
 */
export function sourceRoot(input: string, cwd = process.cwd()): string {
  const absolute = path.resolve(cwd, input);
  const start = existsSync(absolute) && statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
