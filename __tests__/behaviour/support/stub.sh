#!/bin/bash
# Test stand-in for dnf, systemctl, docker, aws, curl, mysql and sleep (installed under those names
# first on PATH): records each call's argv, NUL-separated, in $STUB_DIR/calls/<sequence>-<command>,
# and answers from $STUB_DIR/input. STUB_FAIL names one step to fail: dnf, pull, run, secret, ecr,
# secret-once (AccessDenied once, as while a new role propagates), mysql, health (the container never
# answers its health path), elbv2 (the ELB API unreachable), put-race (another instance stored the
# first password a moment earlier).
set -euo pipefail
# Bash builtins only up to the answer: a boot makes dozens of calls, and each process costs.
name=${0##*/}
[[ -d $STUB_DIR/calls && -d $STUB_DIR/docker-env && -d $STUB_DIR/mysql && -d $STUB_DIR/sequence ]] ||
  mkdir -p "$STUB_DIR/calls" "$STUB_DIR/docker-env" "$STUB_DIR/mysql" "$STUB_DIR/sequence"
# Both ends of a pipeline run at once: each call claims the next free number by creating it
# exclusively (noclobber), whatever the command.
shopt -s nullglob
claimed=("$STUB_DIR"/sequence/*)
shopt -u nullglob
sequence=${#claimed[@]}
set -o noclobber
until { : >"$STUB_DIR/sequence/$((sequence += 1))"; } 2>/dev/null; do :; done
set +o noclobber
printf -v record '%04d-%s' "$sequence" "$name"
printf '%s\0' "$@" >"$STUB_DIR/calls/$record"
fail=${STUB_FAIL:-}

case $name in
  dnf) [[ $fail != dnf ]] ;;
  systemctl | sleep) ;;
  docker)
    case ${1:-} in
      pull) [[ $fail != pull ]] ;;
      login) cat >/dev/null && echo 'Login Succeeded' ;;
      container) [[ -f $STUB_DIR/container-exists ]] ;;
      stop) ;;
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
    # The region may come first (db-user.py passes it before the service).
    if [[ ${1:-} == --region ]]; then
      shift 2
    fi
    case "${1:-} ${2:-}" in
      'secretsmanager get-secret-value')
        if [[ $fail == secret || ($fail == secret-once && ! -f $STUB_DIR/denied) ]]; then
          touch "$STUB_DIR/denied"
          echo 'An error occurred (AccessDeniedException) when calling the GetSecretValue operation' >&2
          exit 254
        fi
        if [[ " $* " == *'secret:rds!db-'* ]]; then
          cat "$STUB_DIR/input/master.json"
        elif [[ ! -f $STUB_DIR/input/secret.json ]]; then
          echo "An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret value for staging label: AWSCURRENT" >&2
          exit 254
        elif [[ " $* " == *' --query VersionId '* ]]; then
          cat "$STUB_DIR/input/version"
        else
          cat "$STUB_DIR/input/secret.json"
        fi
        ;;
      'secretsmanager put-secret-value')
        if [[ $fail == put-race ]]; then
          # Another instance stored its value first, with the same request token.
          python3 -c 'import json; print(json.dumps({"VersionId": "v-initial", "SecretString": json.dumps({"username": "app", "password": "first-instance-pw"})}))' >"$STUB_DIR/input/secret.json"
          echo v-initial >"$STUB_DIR/input/version"
          echo 'An error occurred (ResourceExistsException) when calling the PutSecretValue operation: You cannot modify an existing version.' >&2
          exit 254
        fi
        previous='' value=''
        for argument in "$@"; do
          if [[ $previous == --secret-string ]]; then
            value=$(cat "${argument#file://}")
          fi
          previous=$argument
        done
        python3 -c 'import json, sys; print(json.dumps({"VersionId": "v-initial", "SecretString": sys.argv[1]}))' "$value" >"$STUB_DIR/input/secret.json"
        echo v-initial >"$STUB_DIR/input/version"
        echo '{"VersionId": "v-initial"}'
        ;;
      'elbv2 deregister-targets' | 'elbv2 register-targets' | 'elbv2 wait')
        if [[ $fail == elbv2 ]]; then
          echo 'Could not connect to the endpoint URL: "https://elasticloadbalancing.ap-northeast-2.amazonaws.com/"' >&2
          exit 255
        fi
        ;;
      'ecr get-login-password') [[ $fail != ecr ]] && echo ecr-login-token ;;
      *) echo "stub aws: unexpected $*" >&2 && exit 1 ;;
    esac
    ;;
  curl)
    case "$*" in
      *api/token*) echo imds-token ;;
      */meta-data/instance-id) echo i-0123456789abcdef0 ;;
      *127.0.0.1*)
        # The container's health path: 200 unless told otherwise (one answer per line, the last repeats).
        code=200
        if [[ $fail == health ]]; then
          code=503
        elif [[ -s $STUB_DIR/input/health ]]; then
          code=$(head -n 1 "$STUB_DIR/input/health")
          if [[ $(wc -l <"$STUB_DIR/input/health") -gt 1 ]]; then
            sed -i 1d "$STUB_DIR/input/health"
          fi
        fi
        printf '%s' "$code"
        ;;
      *) exit 22 ;;
    esac
    ;;
  mysql)
    # Keeps the statements (stdin) and the password it was handed (MYSQL_PWD) for the test to read.
    cat >"$STUB_DIR/mysql/$record.sql"
    printf '%s' "${MYSQL_PWD:-}" >"$STUB_DIR/mysql/$record.password"
    [[ $fail != mysql ]]
    ;;
  *) echo "stub: unknown command $name" >&2 && exit 1 ;;
esac
