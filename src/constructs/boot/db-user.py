"""Creates the application's database user, or brings its password up to date, with the master user.

argv: REGION MASTER_SECRET_ARN APP_SECRET_ARN HOST PORT DATABASE USERNAME WORK_DIR AWS_CLI MYSQL_CLIENT
The app secret is the stack's own (no version until the first boot): when it has no AWSCURRENT value
yet, one is generated and stored with a fixed request token, so that instances booting together
converge on the first stored value. Then, as the master user (RDS's managed secret), over TLS:
CREATE USER IF NOT EXISTS, ALTER USER to the secret's password, and privileges on DATABASE only.
The master password goes to the mysql client through MYSQL_PWD, the app password through stdin:
neither reaches argv, a file that stays, stdout or stderr.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile

# Secrets Manager wants 32 to 64 characters; one token for every instance's first attempt.
INITIAL_VERSION_TOKEN = "three-tier-app-user-initial-password-v1"
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
# What the app may do in its own schema: read and write, and migrate it (Flyway, Liquibase, ddl-auto).
PRIVILEGES = (
    "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, CREATE TEMPORARY TABLES, "
    "LOCK TABLES, CREATE VIEW, SHOW VIEW, TRIGGER, EXECUTE, CREATE ROUTINE, ALTER ROUTINE, EVENT"
)


def fail(message):
    sys.exit(f"db-user: {message}")


COMMANDS = {}


def aws(region, *args):
    return subprocess.run([COMMANDS["aws"], "--region", region, *args], capture_output=True, text=True, check=False)


def credentials(region, secret_arn, what):
    """(username, password) of a secret's AWSCURRENT value, or None when it has none yet."""
    result = aws(region, "secretsmanager", "get-secret-value", "--secret-id", secret_arn, "--version-stage", "AWSCURRENT", "--output", "json")
    if result.returncode != 0:
        if "ResourceNotFoundException" in result.stderr:
            return None
        fail(f"could not read the {what} secret: {result.stderr.strip().splitlines()[-1:]}")
    try:
        fields = json.loads(json.loads(result.stdout)["SecretString"])
        username, password = fields["username"], fields["password"]
    except (KeyError, TypeError, ValueError) as error:
        fail(f"the {what} secret is not {{\"username\", \"password\"}} ({type(error).__name__})")
    if not isinstance(username, str) or not isinstance(password, str) or password == "" or any(c in password for c in "\n\r\0"):
        fail(f"the {what} secret's password is missing, empty or holds a line break")
    return username, password


def store_initial(region, secret_arn, username, work_dir):
    """Stores a generated password as the secret's first version; another instance may have won."""
    value = json.dumps({"username": username, "password": secrets.token_urlsafe(24)})
    with tempfile.TemporaryDirectory(dir=work_dir) as private:
        path = os.path.join(private, "value.json")
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(value)
        result = aws(region, "secretsmanager", "put-secret-value", "--secret-id", secret_arn, "--client-request-token", INITIAL_VERSION_TOKEN, "--secret-string", f"file://{path}", "--output", "json")
    if result.returncode != 0 and "ResourceExistsException" not in result.stderr:
        fail(f"could not store the app user's first password: {result.stderr.strip().splitlines()[-1:]}")


def sql_string(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def main(region, master_arn, app_arn, host, port, database, username, work_dir):
    if not NAME.match(database) or not NAME.match(username) or len(username) > 32:
        fail("the database and user names must be letters, digits and _ (a user name at most 32)")
    app = credentials(region, app_arn, "app user")
    if app is None:
        store_initial(region, app_arn, username, work_dir)
        app = credentials(region, app_arn, "app user")
        if app is None:
            fail("the app user's secret still has no value")
    if app[0] != username:
        fail(f"the app user's secret names user {app[0]!r}, not {username!r}")
    master = credentials(region, master_arn, "master")
    if master is None:
        fail("the master secret has no value")
    account = f"{sql_string(username)}@'%'"
    password = sql_string(app[1])
    statements = (
        f"CREATE USER IF NOT EXISTS {account} IDENTIFIED BY {password} REQUIRE SSL;\n"
        f"ALTER USER {account} IDENTIFIED BY {password} REQUIRE SSL;\n"
        f"GRANT {PRIVILEGES} ON `{database}`.* TO {account};\n"
    )
    # MariaDB's client (dnf install mariadb105, as RDS documents for AL2023); --ssl: the server requires TLS.
    command = [COMMANDS["mysql"], "--protocol=TCP", f"--host={host}", f"--port={port}", f"--user={master[0]}", "--ssl", "--batch", "--connect-timeout=10"]
    result = subprocess.run(command, input=statements, capture_output=True, text=True, env={**os.environ, "MYSQL_PWD": master[1]}, check=False)
    if result.returncode != 0:
        fail(f"mysql refused the user setup: {result.stderr.strip().splitlines()[-1:]}")
    print(f"db-user: {username} may use `{database}` (privileges on that schema only)")


if __name__ == "__main__":
    if len(sys.argv) != 11 or "" in sys.argv[9:]:
        sys.exit("usage: db-user.py REGION MASTER_SECRET_ARN APP_SECRET_ARN HOST PORT DATABASE USERNAME WORK_DIR AWS_CLI MYSQL_CLIENT")
    COMMANDS.update(aws=sys.argv[9], mysql=sys.argv[10])
    main(*sys.argv[1:9])
