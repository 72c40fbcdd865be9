#!/bin/bash
# three-tier-app: runs this tier's container from /etc/three-tier/app.conf.
#   three-tier-app boot      first boot (from user data): Docker, image, the app's DB user, container, timer
#   three-tier-app refresh   from three-tier-db-secret.timer: when the app user's secret has a new version,
#                            drain the instance from its target group, restart the container, wait for its
#                            health path, take traffic again; the version is recorded only then
# THREE_TIER_ROOT prefixes every path (tests run this under a temporary root); unset on an instance.
# The DB passwords never reach argv, stdout, stderr or a shell variable: the aws cli pipes the app
# secret to db-env.py, which writes it to a root-only env file that docker reads with --env-file, and
# db-user.py hands the master password to the mysql client in its environment. No set -x.
set -euo pipefail
umask 077

root=${THREE_TIER_ROOT:-}
conf=$root/etc/three-tier/app.conf
state=$root/var/lib/three-tier
db_env_writer=$root/usr/local/lib/three-tier/db-env.py
db_user_writer=$root/usr/local/lib/three-tier/db-user.py

# Written by user data: only names, numbers, base64 pieces, quotes and parentheses, so sourcing it runs nothing.
image_b64='' region_b64='' log_group_b64='' secret_arn_b64='' ecr_registry_b64='' ecr_region_b64=''
master_secret_arn_b64='' db_host_b64='' db_port_b64='' db_name_b64='' db_user_b64=''
target_group_arn_b64='' health_path_b64='' health_matcher='200-399' health_attempts=60
host_port='' container_port='' log_buffer=4m stop_seconds=30
env_names=() env_values=()
# shellcheck source=/dev/null
. "$conf"

log() { printf 'three-tier-app: %s\n' "$*"; }

# decode NAME PIECES: sets NAME to the value encoded as base64 pieces joined by '.', byte for byte
# (trailing newlines too), in bash alone: a boot decodes a dozen values, and two processes per piece
# cost more than the decoding. Not base64, or a NUL byte (no shell value holds one), fails the boot.
# The locals carry a b64_ prefix so that no caller's NAME is one of them.
decode() {
  local -n decoded=$1
  local b64_alphabet=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/
  local b64_piece b64_char b64_before b64_bits b64_sextets b64_index b64_byte b64_escaped=''
  local -a b64_pieces=()
  IFS=. read -r -a b64_pieces <<<"$2"
  for b64_piece in "${b64_pieces[@]}"; do
    if [[ ! $b64_piece =~ ^[A-Za-z0-9+/]*={0,2}$ ]]; then
      log "not base64: $b64_piece"
      return 1
    fi
    # Each piece is padded on its own: its bits start afresh.
    b64_bits=0 b64_sextets=0
    for ((b64_index = 0; b64_index < ${#b64_piece}; b64_index++)); do
      b64_char=${b64_piece:b64_index:1}
      [[ $b64_char == = ]] && break
      b64_before=${b64_alphabet%%"$b64_char"*}
      b64_sextets=$(((b64_sextets << 6 | ${#b64_before}) & 0xffff)) b64_bits=$((b64_bits + 6))
      if ((b64_bits >= 8)); then
        b64_bits=$((b64_bits - 8))
        b64_byte=$(((b64_sextets >> b64_bits) & 0xff))
        if ((b64_byte == 0)); then
          log 'a NUL byte in a value'
          return 1
        fi
        printf -v b64_byte '\\x%02x' "$b64_byte"
        b64_escaped+=$b64_byte
      fi
    done
  done
  # shellcheck disable=SC2034 # decoded is the caller's NAME
  printf -v decoded '%b' "$b64_escaped"
}

# retry COMMAND...: five attempts, 5, 10, 15 and 20 seconds apart (a registry or mirror hiccup at boot).
retry() {
  local attempt=1
  until "$@"; do
    log "attempt $attempt of 5 failed: $1 ${2:-}"
    if ((attempt == 5)); then
      return 1
    fi
    sleep $((attempt * 5))
    attempt=$((attempt + 1))
  done
}

image='' region='' log_group='' secret_arn='' master_secret_arn='' target_group_arn='' health_path=''
decode image "$image_b64"
decode region "$region_b64"
decode log_group "$log_group_b64"
decode secret_arn "$secret_arn_b64"
decode master_secret_arn "$master_secret_arn_b64"
decode target_group_arn "$target_group_arn_b64"
decode health_path "$health_path_b64"

# The app user's secret, AWSCURRENT version -> db.env (0600) and VERSION_FILE.
write_db_env() {
  mkdir -p "$state"
  aws secretsmanager get-secret-value --region "$region" --secret-id "$secret_arn" --version-stage AWSCURRENT --output json |
    python3 "$db_env_writer" "$state/db.env" "$1"
}

# The app's own DB user: created on the first boot, its password brought up to date after a new
# secret version, with the master user (whose secret never reaches the container).
ensure_db_user() {
  local host port name user
  decode host "$db_host_b64"
  decode port "$db_port_b64"
  decode name "$db_name_b64"
  decode user "$db_user_b64"
  mkdir -p "$state"
  # The commands as this PATH finds them (a Python may put its own first).
  python3 "$db_user_writer" "$region" "$master_secret_arn" "$secret_arn" "$host" "$port" "$name" "$user" "$state" "$(command -v aws)" "$(command -v mysql)"
}

imds() {
  local token
  token=$(curl -sSf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token)
  curl -sSf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}

# Whether an HTTP code matches the target group's matcher, such as 200-399 or 200,204.
code_matches() {
  local code=$1 range
  local -a ranges=()
  [[ $code =~ ^[1-5][0-9][0-9]$ ]] || return 1
  IFS=, read -r -a ranges <<<"$health_matcher"
  for range in "${ranges[@]}"; do
    if ((10#$code >= 10#${range%-*} && 10#$code <= 10#${range#*-})); then
      return 0
    fi
  done
  return 1
}

# Polls the container's health path on the instance port, 5 s apart, health_attempts times at most.
wait_healthy() {
  local attempt code
  for ((attempt = 1; attempt <= health_attempts; attempt++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 4 "http://127.0.0.1:$host_port$health_path" || true)
    if code_matches "$code"; then
      log "the container answers $health_path with $code"
      return 0
    fi
    sleep 5
  done
  log "the container did not answer $health_path with $health_matcher after $health_attempts tries"
  return 1
}

instance_id='' drained=no
target() { printf 'Id=%s,Port=%s' "$instance_id" "$host_port"; }

# Out of the target group, and wait until the load balancer has finished its requests (the deregistration delay).
drain() {
  if [[ -z $target_group_arn ]]; then
    return 0
  fi
  instance_id=$(imds instance-id)
  # Without a route to the ELB API (natMode none has no endpoint for it), restart in place rather than never.
  if ! aws elbv2 deregister-targets --region "$region" --target-group-arn "$target_group_arn" --targets "$(target)"; then
    log 'could not leave the target group: restarting in place, without draining'
    return 0
  fi
  drained=yes
  aws elbv2 wait target-deregistered --region "$region" --target-group-arn "$target_group_arn" --targets "$(target)" ||
    log 'the load balancer did not report the instance drained: restarting anyway'
  log "drained from the target group"
}

# Back into the target group: after a healthy start, and after a failed one too, so that the ELB
# health check decides (the group replaces an instance whose container stays unhealthy).
rejoin() {
  if [[ $drained == yes ]]; then
    retry aws elbv2 register-targets --region "$region" --target-group-arn "$target_group_arn" --targets "$(target)"
    drained=no
    log "registered with the target group again"
  fi
}

run_container() {
  local -a args=(run --detach --name app --restart unless-stopped
    --publish "$host_port:$container_port"
    --log-driver awslogs --log-opt "awslogs-region=$region" --log-opt "awslogs-group=$log_group"
    # Never block the app's writes when CloudWatch Logs is unreachable: buffer, and drop when full.
    --log-opt mode=non-blocking --log-opt "max-buffer-size=$log_buffer")
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
    # SIGTERM first: the app finishes its requests and closes its pool.
    docker stop --time "$stop_seconds" app >/dev/null
    docker rm app >/dev/null
  fi
  docker "${args[@]}" >/dev/null
  log "container app started from $image"
}

ecr_login() {
  local registry ecr_region
  decode registry "$ecr_registry_b64"
  decode ecr_region "$ecr_region_b64"
  aws ecr get-login-password --region "$ecr_region" | docker login --username AWS --password-stdin "$registry"
}

boot() {
  local packages=(docker)
  if [[ -n $master_secret_arn ]]; then
    # The mysql client for the app user's setup (RDS documents MariaDB's for AL2023).
    packages+=(mariadb105)
  fi
  retry dnf install -y "${packages[@]}"
  systemctl enable --now docker
  # Every AWS call is retried: a new instance role is refused (AccessDenied) for a few seconds.
  if [[ -n $ecr_registry_b64 ]]; then
    retry ecr_login
  fi
  retry docker pull "$image"
  if [[ -n $master_secret_arn ]]; then
    retry ensure_db_user
  fi
  if [[ -n $secret_arn ]]; then
    retry write_db_env "$state/db.version"
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
  log "DB secret version changed from ${started:-none} to $current: draining, then restarting the container"
  trap rejoin EXIT
  if [[ -n $master_secret_arn ]]; then
    ensure_db_user
  fi
  write_db_env "$state/db.version.next"
  drain
  run_container
  wait_healthy
  rejoin
  # Recorded only now: a failure above leaves the old version, and the next check tries again.
  mv "$state/db.version.next" "$state/db.version"
  log "now on DB secret version $current"
}

case ${1:-} in
  boot) boot ;;
  refresh) refresh ;;
  *)
    printf 'usage: %s boot|refresh\n' "$0" >&2
    exit 2
    ;;
esac
