#!/bin/bash
# three-tier-app: runs this tier's container from /etc/three-tier/app.conf.
#   three-tier-app boot      first boot (from user data): Docker, image, DB secret, container, timer
#   three-tier-app refresh   from three-tier-db-secret.timer: restart the container when the DB secret rotated
# THREE_TIER_ROOT prefixes every path (tests run this under a temporary root); unset on an instance.
# The DB password never reaches argv, stdout, stderr or a shell variable: the aws cli pipes the secret
# to db-env.py, which writes it to a root-only env file that docker reads with --env-file. No set -x.
set -euo pipefail
umask 077

root=${THREE_TIER_ROOT:-}
conf=$root/etc/three-tier/app.conf
state=$root/var/lib/three-tier
db_env_writer=$root/usr/local/lib/three-tier/db-env.py

# Written by user data: only names, base64 pieces, quotes and parentheses, so sourcing it runs nothing.
image_b64='' region_b64='' log_group_b64='' secret_arn_b64='' ecr_registry_b64='' ecr_region_b64=''
host_port='' container_port=''
env_names=() env_values=()
# shellcheck source=/dev/null
. "$conf"

log() { printf 'three-tier-app: %s\n' "$*"; }

# decode NAME PIECES: sets NAME to the value encoded as base64 pieces joined by '.', byte-exact
# (command substitution would drop trailing newlines, so each piece is read through a sentinel).
decode() {
  local -n decoded=$1
  local piece chunk
  local -a pieces=()
  IFS=. read -r -a pieces <<<"$2"
  decoded=''
  for piece in "${pieces[@]}"; do
    chunk=$(printf '%s' "$piece" | base64 -d && printf x)
    decoded+=${chunk%x}
  done
}

# retry COMMAND...: five attempts, 5, 10, 15 and 20 seconds apart (a registry or mirror hiccup at boot).
retry() {
  local attempt=1
  until "$@"; do
    log "attempt $attempt of 5 failed: $1 $2"
    if ((attempt == 5)); then
      return 1
    fi
    sleep $((attempt * 5))
    attempt=$((attempt + 1))
  done
}

image='' region='' log_group='' secret_arn=''
decode image "$image_b64"
decode region "$region_b64"
decode log_group "$log_group_b64"
decode secret_arn "$secret_arn_b64"

# The RDS-managed secret's AWSCURRENT version -> db.env (0600) and db.version.
write_db_env() {
  mkdir -p "$state"
  aws secretsmanager get-secret-value --region "$region" --secret-id "$secret_arn" --version-stage AWSCURRENT --output json |
    python3 "$db_env_writer" "$state/db.env" "$state/db.version"
}

run_container() {
  local -a args=(run --detach --name app --restart unless-stopped
    --publish "$host_port:$container_port"
    --log-driver awslogs --log-opt "awslogs-region=$region" --log-opt "awslogs-group=$log_group")
  if [[ -n $secret_arn ]]; then
    args+=(--env-file "$state/db.env")
  fi
  local i value
  for i in "${!env_names[@]}"; do
    decode value "${env_values[$i]}"
    args+=(--env "${env_names[$i]}=$value")
  done
  args+=("$image")
  if docker container inspect app >/dev/null 2>&1; then
    docker rm --force app >/dev/null
  fi
  docker "${args[@]}" >/dev/null
  log "container app started from $image"
}

boot() {
  retry dnf install -y docker
  systemctl enable --now docker
  if [[ -n $ecr_registry_b64 ]]; then
    local registry ecr_region
    decode registry "$ecr_registry_b64"
    decode ecr_region "$ecr_region_b64"
    aws ecr get-login-password --region "$ecr_region" | docker login --username AWS --password-stdin "$registry"
  fi
  retry docker pull "$image"
  if [[ -n $secret_arn ]]; then
    write_db_env
  fi
  run_container
  if [[ -n $secret_arn ]]; then
    systemctl daemon-reload
    systemctl enable --now three-tier-db-secret.timer
  fi
}

refresh() {
  if [[ -z $secret_arn ]]; then
    log 'no DB secret configured'
    return 0
  fi
  local current started=''
  current=$(aws secretsmanager get-secret-value --region "$region" --secret-id "$secret_arn" --version-stage AWSCURRENT --query VersionId --output text)
  if [[ -f $state/db.version ]]; then
    started=$(<"$state/db.version")
  fi
  if [[ $current == "$started" ]]; then
    log "DB secret unchanged (version $current)"
    return 0
  fi
  log "DB secret version changed from ${started:-none} to $current: restarting the container"
  write_db_env
  run_container
}

case ${1:-} in
  boot) boot ;;
  refresh) refresh ;;
  *)
    printf 'usage: %s boot|refresh\n' "$0" >&2
    exit 2
    ;;
esac
