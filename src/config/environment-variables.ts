/** A POSIX environment variable name, which `docker run -e` passes on unchanged. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Names that announce a credential. Such values belong in Secrets Manager (the backend reads the DB
 * password from there); in `environment` they would land in plain text in the launch template.
 */
const SECRET_NAME = /(^|_)(PASS|PASSWD|PWD)($|_)|PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL/i;

/** What is wrong with an `environment` key, or undefined when it is a plain, non-secret variable name. */
export function environmentKeyProblem(name: string): string | undefined {
  if (!VARIABLE_NAME.test(name)) {
    return `${JSON.stringify(name)} is not an environment variable name; use letters, digits and _, not starting with a digit (such as MY_VAR)`;
  }
  // A secret's ARN (DB_SECRET_ARN) is where to fetch it from, not the secret.
  if (SECRET_NAME.test(name) && !name.endsWith('_ARN')) {
    return `${JSON.stringify(name)} looks like a secret; values here are stored in plain text in the launch template: keep secrets in Secrets Manager and read them at boot`;
  }
  return undefined;
}
