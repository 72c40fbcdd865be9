import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BootSandbox, MASTER_PASSWORD } from './support/boot-sandbox';

const SCRIPT = readFileSync(join(__dirname, '../../src/constructs/boot/db-user.py'));
const MASTER = 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:rds!db-3f1c2b7a-AbCdEf';
const APP = 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:three-tier-dev-db-app-user-AbCdEf';

jest.setTimeout(60_000);

/** db-user.py run directly, with the stub aws and mysql (what three-tier-app passes it). */
function runDbUser(sandbox: BootSandbox, fail?: 'put-race' | 'mysql', username = 'app') {
  const script = sandbox.write(
    'run-db-user.sh',
    `python3 '${sandbox.write('db-user.py', SCRIPT)}' ap-northeast-2 '${MASTER}' '${APP}' db.internal 3306 app ${username} '${sandbox.dir}' "$(command -v aws)" "$(command -v mysql)"\n`,
  );
  return sandbox.run(script, [], fail);
}

describe('db-user.py: the app user, created and kept in step by the master user (stub Secrets Manager and mysql)', () => {
  const sandboxes: BootSandbox[] = [];
  const fresh = (): BootSandbox => {
    const sandbox = new BootSandbox();
    sandboxes.push(sandbox);
    return sandbox;
  };
  afterAll(() => sandboxes.forEach((sandbox) => sandbox.remove()));

  it("escapes a password's quotes and backslashes in the SQL, so no value can end the string", () => {
    const sandbox = fresh();
    sandbox.setSecret('v1', 'app', "it's\\x'; DROP USER app_admin; --");
    const run = runDbUser(sandbox);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const [session] = sandbox.mysqlSessions();
    expect(session.sql).toContain("IDENTIFIED BY 'it\\'s\\\\x\\'; DROP USER app_admin; --' REQUIRE SSL;");
    expect(session.sql.split('\n').filter((line) => line !== '')).toHaveLength(3);
    expect(session.password).toBe(MASTER_PASSWORD);
  });

  it('two instances booting together end with one password: the second store is refused, and it uses the first', () => {
    const sandbox = fresh();
    const run = runDbUser(sandbox, 'put-race');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(sandbox.storedSecret()).toEqual({ username: 'app', password: 'first-instance-pw' });
    expect(sandbox.mysqlSessions()[0].sql).toContain("ALTER USER 'app'@'%' IDENTIFIED BY 'first-instance-pw' REQUIRE SSL;");
  });

  it('refuses a secret that names another user, before touching the database', () => {
    const sandbox = fresh();
    sandbox.setSecret('v1', 'someone_else', 'pw-1234567890');
    const run = runDbUser(sandbox);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toBe("db-user: the app user's secret names user 'someone_else', not 'app'\n");
    expect(sandbox.mysqlSessions()).toEqual([]);
  });

  it('a database that refuses says so in one line, without the password', () => {
    const sandbox = fresh();
    sandbox.setSecret('v1', 'app', 'pw-1234567890');
    const run = runDbUser(sandbox, 'mysql');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/^db-user: mysql refused the user setup: /);
    expect(run.stderr).not.toContain(MASTER_PASSWORD);
    expect(run.stderr).not.toContain('pw-1234567890');
  });

  it('refuses user and schema names that would need quoting', () => {
    const sandbox = fresh();
    const run = runDbUser(sandbox, undefined, 'app-x');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toBe('db-user: the database and user names must be letters, digits and _ (a user name at most 32)\n');
  });
});
