import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const MODEL = join(__dirname, 'nat-network.sh');
/** Commands of the boot script that nat-network.sh stands in for. */
const STUBBED = ['aws', 'curl', 'dnf', 'systemctl', 'sleep'] as const;

export const ELASTIC_IP = '198.51.100.7';
export const INTERNET_HOST = '203.0.113.5';

/** Why packets cannot be sent through namespaces here, or undefined when they can. */
export function namespacesUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) {
    return 'not root: network namespaces need CAP_NET_ADMIN';
  }
  for (const [command, args] of [
    ['nft', ['--version']],
    ['python3', ['--version']],
    ['ip', ['-V']],
  ] as const) {
    if (spawnSync(command, [...args], { encoding: 'utf8' }).status !== 0) {
      return `${command} is not installed${command === 'nft' ? ' (apt-get install nftables)' : ''}`;
    }
  }
  const probe = `tt-probe-${process.pid}`;
  const added = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  spawnSync('ip', ['netns', 'del', probe]);
  return added.status === 0 ? undefined : `ip netns add fails: ${added.stderr.trim()}`;
}

export interface BootRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The namespaces of nat-network.sh, the stand-in commands first on PATH, and a files root for the script. */
export class NatNetwork {
  public readonly prefix = `tt-nat-${process.pid}`;
  public readonly dir = mkdtempSync(join(tmpdir(), 'tt-nat-net-'));
  /** NAT_ROOT of the boot script. */
  public readonly root = join(this.dir, 'root');
  private readonly bin = join(this.dir, 'bin');
  private readonly state = join(this.dir, 'state');
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    for (const dir of [this.root, this.bin, this.state]) {
      spawnSync('mkdir', ['-p', dir]);
    }
    for (const command of STUBBED) {
      symlinkSync(MODEL, join(this.bin, command));
    }
    chmodSync(MODEL, 0o755);
    this.env = { PATH: `${this.bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`, NAT_NET: this.prefix, NAT_STATE: this.state };
  }

  /** Runs `nat-network.sh up|reload|down`. */
  public model(action: 'up' | 'reload' | 'down'): void {
    const result = spawnSync('bash', [MODEL, action], { env: this.env, encoding: 'utf8' });
    if (result.status !== 0 && action !== 'down') {
      throw new Error(`nat-network.sh ${action} failed: ${result.stderr}`);
    }
  }

  /** The stand-in AWS refuses its first call (a role not yet propagated). */
  public denyFirstAwsCall(): void {
    writeFileSync(join(this.state, 'deny-first'), '');
  }

  /** Runs the boot script as the NAT instance would: in its namespace, as root, files under `root`. */
  public async boot(script: Buffer): Promise<BootRun> {
    const path = join(this.dir, 'user-data.sh');
    writeFileSync(path, script);
    const child = spawn('ip', ['netns', 'exec', `${this.prefix}-nat`, 'bash', path], { env: { ...this.env, NAT_ROOT: this.root } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { status, stdout, stderr };
  }

  /** Waits (up to 30 s, a busy machine) until the slot interface has appeared, got its address and networkd reloaded. */
  public async hotplugDone(): Promise<boolean> {
    for (let waited = 0; waited < 300; waited += 1) {
      if (existsSync(join(this.state, 'hotplug-done'))) {
        return true;
      }
      await sleep(100);
    }
    return false;
  }

  /**
   * One TCP exchange from the app instance to the internet host: the host answers with the address
   * it saw the connection come from. Both ends stop by themselves (one connection, 5 s timeouts).
   */
  public exchange(): string {
    const server = spawn('ip', ['netns', 'exec', `${this.prefix}-inet`, 'python3', '-c', SERVER, INTERNET_HOST], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const client = spawnSync('ip', ['netns', 'exec', `${this.prefix}-app`, 'python3', '-c', CLIENT, INTERNET_HOST], { env: this.env, encoding: 'utf8', timeout: 20_000 });
      return client.status === 0 ? client.stdout.trim() : `no answer: ${client.stderr.trim().split('\n').pop() ?? ''}`;
    } finally {
      server.kill();
    }
  }

  /** A routing or nft listing inside one namespace. */
  public show(namespace: 'nat' | 'vpc', ...args: string[]): string {
    return spawnSync('ip', ['netns', 'exec', `${this.prefix}-${namespace}`, ...args], { encoding: 'utf8' }).stdout;
  }

  /** Every stand-in call: `<command> <args...>`. */
  public calls(): string[] {
    const path = join(this.state, 'calls');
    return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : [];
  }

  /** What happened to the slot interface, in order: appeared, addressed, reload. */
  public events(): string[] {
    const path = join(this.state, 'events');
    return existsSync(path)
      ? readFileSync(path, 'utf8')
          .trim()
          .split('\n')
          .map((line) => line.replace(/ [\d.]+$/, ''))
      : [];
  }

  public remove(): void {
    this.model('down');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The internet host: one connection at most, 20 s at most; answers `seen <peer address>`. */
const SERVER = `
import socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((sys.argv[1], 80))
server.listen(1)
server.settimeout(20)
connection, (peer, _) = server.accept()
connection.settimeout(5)
connection.recv(64)
connection.sendall(("seen " + peer + "\\n").encode())
connection.close()
`;

/** The app instance: up to 40 tries 0.3 s apart while the server starts (refused), then one request and its answer. */
const CLIENT = `
import socket, sys, time
for attempt in range(40):
    try:
        connection = socket.create_connection((sys.argv[1], 80), timeout=2)
        break
    except ConnectionRefusedError:
        time.sleep(0.3)
else:
    sys.exit("the server never listened")
connection.sendall(b"hello\\n")
print(connection.recv(64).decode().strip())
`;
