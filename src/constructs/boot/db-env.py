"""Writes the credentials of an RDS-managed secret to a root-only env file for `docker run --env-file`.

stdin: the JSON of `aws secretsmanager get-secret-value`, whose SecretString is {"username", "password"}.
argv: ENV_FILE VERSION_FILE. Values are never printed, not even in an error.
"""

import json
import os
import sys

# Each secret field lands under the Spring Boot name and a generic one.
ENV_NAMES = {
    "username": ("SPRING_DATASOURCE_USERNAME", "DB_USER"),
    "password": ("SPRING_DATASOURCE_PASSWORD", "DB_PASSWORD"),
}


def write_private(path, text):
    """Replaces path atomically with a file only root can read."""
    temporary = f"{path}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def main(env_file, version_file):
    try:
        response = json.load(sys.stdin)
        version = response["VersionId"]
        fields = json.loads(response["SecretString"])
    except (KeyError, TypeError, ValueError) as error:
        sys.exit(f"db-env: not the output of get-secret-value for an RDS-managed secret ({type(error).__name__})")
    lines = []
    for field, names in ENV_NAMES.items():
        value = fields.get(field) if isinstance(fields, dict) else None
        # An env file holds one value per line, taken verbatim.
        if not isinstance(value, str) or value == "" or any(c in value for c in "\n\r\0"):
            sys.exit(f"db-env: the secret's {field} is missing, empty or holds a line break")
        lines.extend(f"{name}={value}" for name in names)
    write_private(env_file, "".join(f"{line}\n" for line in lines))
    write_private(version_file, f"{version}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: db-env.py ENV_FILE VERSION_FILE < get-secret-value.json")
    main(sys.argv[1], sys.argv[2])
