import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isArray, isObject, str } from './json';
import { localsOfHcl, localsOfJson, type LocalDefinition } from './hcl-references';

/** One module call on the way from the root to a module: its name and its `source`. */
export interface ModuleStep {
  readonly name: string;
  readonly source: string | undefined;
}

/** Whether a folder holds Terraform configuration files. */
export function holdsConfiguration(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && readdirSync(dir).some((file) => file.endsWith('.tf') || file.endsWith('.tf.json'));
  } catch {
    return false;
  }
}

/**
 * The configuration a plan was made from, on disk: what a plan JSON leaves out (the locals) is read
 * from here. Module folders come from `.terraform/modules/modules.json` (what `terraform init`
 * installed, registry modules included), else from a local `source` (`./network`).
 */
export class ConfigurationSources {
  private readonly root: string;
  private readonly installed: ReadonlyMap<string, string>;
  private readonly cache = new Map<string, ReadonlyMap<string, LocalDefinition>>();

  constructor(root: string) {
    this.root = resolve(root);
    this.installed = installedModules(this.root);
  }

  /** Where the configuration lives, for messages. */
  get directory(): string {
    return this.root;
  }

  /** The folder of the module a path of calls leads to, when it can be found. */
  directoryOf(path: readonly ModuleStep[]): string | undefined {
    let dir = this.root;
    for (let depth = 0; depth < path.length; depth += 1) {
      const step = path[depth];
      const installed = this.installed.get(path.slice(0, depth + 1).map((item) => item.name).join('.'));
      if (installed !== undefined) {
        dir = installed;
      } else if (step.source !== undefined && /^\.\.?[/\\]/.test(step.source)) {
        dir = join(dir, step.source);
      } else {
        return undefined;
      }
    }
    return dir;
  }

  /** The locals of a module's files, or undefined when its folder is not found. */
  localsOf(path: readonly ModuleStep[]): ReadonlyMap<string, LocalDefinition> | undefined {
    const dir = this.directoryOf(path);
    if (dir === undefined || !holdsConfiguration(dir)) {
      return undefined;
    }
    const cached = this.cache.get(dir);
    if (cached !== undefined) {
      return cached;
    }
    const locals = new Map<string, LocalDefinition>();
    for (const file of readdirSync(dir).sort()) {
      const path = join(dir, file);
      try {
        if (file.endsWith('.tf.json')) {
          localsOfJson(JSON.parse(readFileSync(path, 'utf8'))).forEach((definition, name) => locals.set(name, definition));
        } else if (file.endsWith('.tf')) {
          localsOfHcl(readFileSync(path, 'utf8')).forEach((definition, name) => locals.set(name, definition));
        }
      } catch {
        // A file that cannot be read defines nothing: its locals stay unresolved, never guessed.
      }
    }
    this.cache.set(dir, locals);
    return locals;
  }
}

/** `Key` (`vpc`, `vpc.subnets`) to folder, from what `terraform init` wrote. */
function installedModules(root: string): ReadonlyMap<string, string> {
  const manifest = join(root, '.terraform', 'modules', 'modules.json');
  if (!existsSync(manifest)) {
    return new Map();
  }
  try {
    const json: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    const modules = isObject(json) && isArray(json.Modules) ? json.Modules : [];
    return new Map(
      modules.flatMap((entry): [string, string][] => {
        const key = isObject(entry) ? str(entry.Key) : undefined;
        const dir = isObject(entry) ? str(entry.Dir) : undefined;
        return key === undefined || key === '' || dir === undefined ? [] : [[key, resolve(root, dir)]];
      }),
    );
  } catch {
    return new Map();
  }
}
