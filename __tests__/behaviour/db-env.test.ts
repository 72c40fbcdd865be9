import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_SECRET_ENVIRONMENT } from '../../src/constructs/container-user-data';
import { secretResponse } from './support/boot-sandbox';

const WRITER = join(__dirname, '../../src/constructs/boot/db-env.py');
const PASSWORD = 'Sup3r!secret;`$(x)';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs db-env.py on a get-secret-value answer in a fresh directory. */
function write(stdin: string): { status: number | null; output: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tt-db-env-'));
  dirs.push(dir);
  const result = spawnSync('python3', [WRITER, join(dir, 'db.env'), join(dir, 'db.version')], { input: stdin, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr, dir };
}

describe('db-env.py: the RDS-managed secret into a root-only env file', () => {
  it('writes the Spring Boot and generic names, mode 0600, and the version it read', () => {
    const { status, output, dir } = write(secretResponse('v7', 'app_admin', PASSWORD));
    expect({ status, output }).toEqual({ status: 0, output: '' });
    const lines = readFileSync(join(dir, 'db.env'), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    expect(lines.map((line) => line.slice(0, line.indexOf('='))).sort()).toEqual([...DATABASE_SECRET_ENVIRONMENT].sort());
    expect(lines).toContain(`SPRING_DATASOURCE_PASSWORD=${PASSWORD}`);
    expect(lines).toContain('DB_USER=app_admin');
    expect((statSync(join(dir, 'db.env')).mode & 0o777).toString(8)).toBe('600');
    expect(readFileSync(join(dir, 'db.version'), 'utf8')).toBe('v7\n');
  });

  it.each([
    ['a password with a line break (an env file holds one line per value)', secretResponse('v1', 'app_admin', `${PASSWORD}\nINJECTED=1`), 'password is missing, empty or holds a line break'],
    ['an empty password', secretResponse('v1', 'app_admin', ''), 'password is missing, empty or holds a line break'],
    ['a SecretString that is not JSON', JSON.stringify({ VersionId: 'v1', SecretString: PASSWORD }), 'not the output of get-secret-value for an RDS-managed secret'],
    ['no SecretString', JSON.stringify({ VersionId: 'v1' }), 'not the output of get-secret-value for an RDS-managed secret'],
  ])('refuses %s with a message that holds no secret, and writes nothing', (_case, stdin, message) => {
    const { status, output, dir } = write(stdin);
    expect(status).toBe(1);
    expect(output).toContain(message);
    expect(output).not.toContain(PASSWORD);
    expect(existsSync(join(dir, 'db.env'))).toBe(false);
  });
});
