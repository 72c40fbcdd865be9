#!/bin/bash
# Test stand-in for dnf, systemctl, docker, aws and sleep (installed under those names first on PATH):
# records each call's argv, NUL-separated, in $STUB_DIR/calls/<sequence>-<command>, and answers from
# $STUB_DIR/input. STUB_FAIL names one step to fail: dnf, pull, run, secret, ecr.
set -euo pipefail
name=$(basename "$0")
mkdir -p "$STUB_DIR/calls" "$STUB_DIR/docker-env"
# Both ends of a pipeline run at once: number the calls under a lock.
exec 9>>"$STUB_DIR/lock"
flock 9
sequence=$(($(cat "$STUB_DIR/sequence" 2>/dev/null || echo 0) + 1))
echo "$sequence" >"$STUB_DIR/sequence"
record=$(printf '%04d-%s' "$sequence" "$name")
printf '%s\0' "$@" >"$STUB_DIR/calls/$record"
flock -u 9
exec 9>&-
fail=${STUB_FAIL:-}

case $name in
  dnf) [[ $fail != dnf ]] ;;
  systemctl | sleep) ;;
  docker)
    case ${1:-} in
      pull) [[ $fail != pull ]] ;;
      login) cat >/dev/null && echo 'Login Succeeded' ;;
      container) [[ -f $STUB_DIR/container-exists ]] ;;
      rm) rm -f "$STUB_DIR/container-exists" ;;
      run)
        [[ $fail != run ]]
        # Docker reads --env-file when it creates the container: keep what it read.
        previous=''
        for argument in "$@"; do
          if [[ $previous == --env-file ]]; then
            cp "$argument" "$STUB_DIR/docker-env/$record"
          fi
          previous=$argument
        done
        touch "$STUB_DIR/container-exists"
        echo 0123456789abcdef
        ;;
      *) echo "stub docker: unexpected $*" >&2 && exit 1 ;;
    esac
    ;;
  aws)
    case "${1:-} ${2:-}" in
      'secretsmanager get-secret-value')
        if [[ $fail == secret ]]; then
          echo 'An error occurred (AccessDeniedException) when calling the GetSecretValue operation' >&2
          exit 254
        fi
        if [[ " $* " == *' --query VersionId '* ]]; then
          cat "$STUB_DIR/input/version"
        else
          cat "$STUB_DIR/input/secret.json"
        fi
        ;;
      'ecr get-login-password') [[ $fail != ecr ]] && echo ecr-login-token ;;
      *) echo "stub aws: unexpected $*" >&2 && exit 1 ;;
    esac
    ;;
  *) echo "stub: unknown command $name" >&2 && exit 1 ;;
esac
