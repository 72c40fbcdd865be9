import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Commands the stubs stand in for; everything else (bash, base64, python3, coreutils) is real. */
export const STUBBED = ['dnf', 'systemctl', 'docker', 'aws', 'curl', 'mysql', 'sleep'] as const;
/** A step the stubs can fail. */
export type FailingStep = 'dnf' | 'pull' | 'run' | 'secret' | 'secret-once' | 'ecr' | 'mysql' | 'health' | 'elbv2' | 'put-race';

/** The python3 on PATH, resolved to its interpreter (undefined when there is none: the scripts then fail loudly). */
const PYTHON = ((): string | undefined => {
  const found = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '' ? found.stdout.trim() : undefined;
})();

/** The RDS-managed master user of the stub Secrets Manager. */
export const MASTER_USER = 'app_admin';
export const MASTER_PASSWORD = 'Master-pw!9;`z"';

export interface Call {
  readonly command: string;
  readonly args: readonly string[];
  /** For `docker run` with --env-file: the file's content when docker read it. */
  readonly envFile?: string;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The get-secret-value answer for a `{"username","password"}` secret. */
export function secretResponse(version: string, username: string, password: string): string {
  return JSON.stringify({
    ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:three-tier-dev-db-app-user-AbCdEf',
    Name: 'three-tier-dev-db-app-user',
    VersionId: version,
    SecretString: JSON.stringify({ username, password }),
    VersionStages: ['AWSCURRENT'],
    CreatedDate: '2026-11-30T00:00:00+00:00',
  });
}

/**
 * A temporary root the boot script writes into (THREE_TIER_ROOT), stub commands first on PATH that
 * record their argv, and the canned answers they give.
 */
export class BootSandbox {
  public readonly dir = mkdtempSync(join(tmpdir(), 'tt-boot-'));
  /** What the instance's `/` would be. */
  public readonly root = join(this.dir, 'root');
  private readonly bin = join(this.dir, 'bin');
  private readonly stubs = join(this.dir, 'stubs');

  constructor() {
    for (const dir of [this.root, this.bin, join(this.stubs, 'input')]) {
      mkdirSync(dir, { recursive: true });
    }
    for (const command of STUBBED) {
      copyFileSync(join(__dirname, 'stub.sh'), join(this.bin, command));
      chmodSync(join(this.bin, command), 0o755);
    }
    writeFileSync(join(this.stubs, 'input', 'master.json'), secretResponse('master-v1', MASTER_USER, MASTER_PASSWORD));
    // The interpreter itself, not a version manager's shim: pyenv's costs most of a second a call and
    // puts its own bin first on PATH, where a real aws CLI may sit.
    if (PYTHON !== undefined) {
      symlinkSync(PYTHON, join(this.bin, 'python3'));
    }
  }

  /**
   * A sandbox in the state this one is in now: the instance's files, the stub Secrets Manager's
   * answers and Docker's container, without the calls. Cheaper than booting again.
   */
  public copy(): BootSandbox {
    const copy = new BootSandbox();
    cpSync(this.root, copy.root, { recursive: true });
    cpSync(join(this.stubs, 'input'), join(copy.stubs, 'input'), { recursive: true });
    if (existsSync(join(this.stubs, 'container-exists'))) {
      writeFileSync(join(copy.stubs, 'container-exists'), '');
    }
    return copy;
  }

  /** What the container's health path answers, one HTTP code per call; the last repeats. */
  public setHealth(codes: readonly string[]): void {
    writeFileSync(join(this.stubs, 'input', 'health'), `${codes.join('\n')}\n`);
  }

  /** What mysql was given: the statements on stdin and the password in MYSQL_PWD, per call. */
  public mysqlSessions(): { sql: string; password: string }[] {
    const dir = join(this.stubs, 'mysql');
    if (!existsSync(dir)) {
      return [];
    }
    return readdirSync(dir)
      .filter((name) => name.endsWith('.sql'))
      .sort()
      .map((name) => ({ sql: readFileSync(join(dir, name), 'utf8'), password: readFileSync(join(dir, name.replace(/\.sql$/, '.password')), 'utf8') }));
  }

  /** The app user's secret as Secrets Manager holds it now, if it has a value. */
  public storedSecret(): { username: string; password: string } | undefined {
    const path = join(this.stubs, 'input', 'secret.json');
    if (!existsSync(path)) {
      return undefined;
    }
    const response: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const text = typeof response === 'object' && response !== null && 'SecretString' in response ? response.SecretString : undefined;
    const fields: unknown = JSON.parse(String(text));
    if (typeof fields === 'object' && fields !== null && 'username' in fields && 'password' in fields) {
      return { username: String(fields.username), password: String(fields.password) };
    }
    return undefined;
  }

  /** What Secrets Manager answers for the app user's secret from now on. */
  public setSecret(version: string, username: string, password: string): void {
    writeFileSync(join(this.stubs, 'input', 'secret.json'), secretResponse(version, username, password));
    writeFileSync(join(this.stubs, 'input', 'version'), `${version}\n`);
  }

  /** Runs a script file under bash with the stubs first on PATH; `fail` makes one step fail. */
  public run(script: string, args: readonly string[] = [], fail?: FailingStep): RunResult {
    const result = spawnSync('bash', [script, ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${this.bin}:${process.env.PATH ?? ''}`, THREE_TIER_ROOT: this.root, STUB_DIR: this.stubs, STUB_FAIL: fail ?? '' },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Writes a script into the sandbox (outside the root) and returns its path. */
  public write(name: string, content: Buffer | string): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  /** Every stub call so far, in order. */
  public calls(): Call[] {
    const dir = join(this.stubs, 'calls');
    if (!existsSync(dir)) {
      return [];
    }
    return readdirSync(dir)
      .sort()
      .map((record) => {
        const raw = readFileSync(join(dir, record), 'utf8');
        const args = raw === '' ? [] : raw.slice(0, -1).split('\0');
        const envFile = join(this.stubs, 'docker-env', record);
        return { command: record.replace(/^\d+-/, ''), args, ...(existsSync(envFile) ? { envFile: readFileSync(envFile, 'utf8') } : {}) };
      });
  }

  /** Forgets the calls so far (the files under the root stay). */
  public clearCalls(): void {
    rmSync(join(this.stubs, 'calls'), { recursive: true, force: true });
    rmSync(join(this.stubs, 'docker-env'), { recursive: true, force: true });
    rmSync(join(this.stubs, 'mysql'), { recursive: true, force: true });
  }

  /** Paths (relative to the sandbox) of every file that contains `needle`, outside the stubs' canned answers and docker's copies. */
  public filesContaining(needle: string): string[] {
    const found: string[] = [];
    const skip = new Set([join(this.stubs, 'input'), join(this.stubs, 'docker-env'), join(this.stubs, 'mysql')]);
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (skip.has(path)) {
          continue;
        }
        if (statSync(path).isDirectory()) {
          walk(path);
        } else if (readFileSync(path).includes(needle)) {
          found.push(path.slice(this.dir.length + 1));
        }
      }
    };
    walk(this.dir);
    return found.sort();
  }

  /** The octal permission bits of a path under the root. */
  public mode(pathUnderRoot: string): string {
    return (statSync(join(this.root, pathUnderRoot)).mode & 0o777).toString(8).padStart(4, '0');
  }

  public remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The value following each occurrence of `flag` in an argv. */
export function flagValues(args: readonly string[], flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag && index + 1 < args.length ? [args[index + 1]] : []));
}
