import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isArray, isObject, str } from './json';
import { localsOfHcl, localsOfJson, resourcesOfHcl, resourcesOfJson, type LocalDefinition } from './hcl-references';

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
  private readonly cache = new Map<string, ModuleFiles>();

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
      const installed = this.installed.get(
        path
          .slice(0, depth + 1)
          .map((item) => item.name)
          .join('.'),
      );
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

  /**
   * The locals of a module's files, when its folder is found and its files are the module's: they
   * declare every resource the plan's configuration of the module declares (`declared`), so a plan
   * saved beside some other configuration never borrows its locals.
   */
  localsOf(path: readonly ModuleStep[], declared: readonly string[]): ReadonlyMap<string, LocalDefinition> | undefined {
    const dir = this.directoryOf(path);
    const files = dir === undefined ? undefined : this.filesOf(dir);
    return files !== undefined && declared.every((address) => files.resources.has(address)) ? files.locals : undefined;
  }

  /** The resources of `declared` that a module's files do not declare (all of them when its folder is not found). */
  lacking(path: readonly ModuleStep[], declared: readonly string[]): readonly string[] {
    const dir = this.directoryOf(path);
    const files = dir === undefined ? undefined : this.filesOf(dir);
    return declared.filter((address) => files === undefined || !files.resources.has(address));
  }

  private filesOf(dir: string): ModuleFiles | undefined {
    if (!holdsConfiguration(dir)) {
      return undefined;
    }
    const cached = this.cache.get(dir);
    if (cached !== undefined) {
      return cached;
    }
    const locals = new Map<string, LocalDefinition>();
    const resources = new Set<string>();
    for (const file of readdirSync(dir).sort()) {
      const path = join(dir, file);
      try {
        if (file.endsWith('.tf.json')) {
          const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
          localsOfJson(json).forEach((definition, name) => locals.set(name, definition));
          resourcesOfJson(json).forEach((address) => resources.add(address));
        } else if (file.endsWith('.tf')) {
          const text = readFileSync(path, 'utf8');
          localsOfHcl(text).forEach((definition, name) => locals.set(name, definition));
          resourcesOfHcl(text).forEach((address) => resources.add(address));
        }
      } catch {
        // A file that cannot be read defines nothing: its locals stay unresolved, never guessed.
      }
    }
    const files = { locals, resources };
    this.cache.set(dir, files);
    return files;
  }
}

/** What the review reads from one module's folder. */
interface ModuleFiles {
  readonly locals: ReadonlyMap<string, LocalDefinition>;
  /** Addresses of the managed resources its files declare. */
  readonly resources: ReadonlySet<string>;
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
