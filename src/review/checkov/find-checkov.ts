import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { ReviewInputError } from '../errors';

/** An executable that runs Checkov, and how it was found (shown to the user). */
export interface CheckovCommand {
  readonly file: string;
  readonly origin: string;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, path: string | undefined): string | undefined {
  return (path ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, name))
    .find(isExecutableFile);
}

/**
 * Checkov as the user has it: the command named by `CHECKOV` (a path, or a name looked up on PATH),
 * else `checkov` on PATH, else the first of `fallbacks` that exists (the tests name the offline
 * build the project's machines share). A `CHECKOV` that names nothing runnable is an error, not a
 * reason to look elsewhere.
 */
export function findCheckov(env: NodeJS.ProcessEnv, cwd: string, fallbacks: readonly string[] = []): CheckovCommand | undefined {
  const named = env.CHECKOV?.trim();
  if (named !== undefined && named !== '') {
    const file = named.includes('/') ? resolve(cwd, named) : onPath(named, env.PATH);
    if (file === undefined || !isExecutableFile(file)) {
      throw new ReviewInputError(`CHECKOV=${named} names no executable file${named.includes('/') ? '' : ' on PATH'}: set it to Checkov's command (such as ../shared/tools/checkov/run) or unset it to use checkov on PATH`);
    }
    return { file, origin: `CHECKOV=${named}` };
  }
  const onSearchPath = onPath('checkov', env.PATH);
  if (onSearchPath !== undefined) {
    return { file: onSearchPath, origin: 'checkov on PATH' };
  }
  const fallback = fallbacks.map((candidate) => (isAbsolute(candidate) ? candidate : resolve(cwd, candidate))).find(isExecutableFile);
  return fallback === undefined ? undefined : { file: fallback, origin: fallback };
}
