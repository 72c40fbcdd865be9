/**
 * What each configuration field means, in English and Korean: the one source of the configuration
 * tables of README.md and README.ko.md (`npm run docs`, scripts/docs/config-table.ts), which take the
 * fields and their order from the schema and the defaults from the presets. A field of the schema
 * without an entry here fails `npm run docs` and its test, naming the field.
 *
 * Keys are the dotted paths of the schema's leaf fields; sibling objects with one schema share a row
 * (`{frontend,backend}.minSize`, `network.subnets.{public,app,db}.prefixLength`).
 */
export interface FieldDoc {
  /** The type in words (Markdown). @default described from the schema: boolean, the enum's values, a number's range... */
  readonly type?: string;
  /** The same in Korean, where words differ. @default `type` */
  readonly typeKo?: string;
  /** What the field does (Markdown). */
  readonly en: string;
  /** 필드가 하는 일 (Markdown). */
  readonly ko: string;
  /** What an unset optional field means, after "unset:". @default nothing after "unset" */
  readonly unset?: { readonly en: string; readonly ko: string };
  /** Default cells to show instead of the presets' values (for a field the presets do not hold). */
  readonly defaults?: { readonly dev: string; readonly prod: string };
}

const CLOUDWATCH_RETENTION = { type: 'a CloudWatch Logs retention', typeKo: 'CloudWatch Logs 보관 기간 값' } as const;
const EC2_TYPE = { type: 'EC2 instance type', typeKo: 'EC2 인스턴스 유형' } as const;

export const FIELD_DOCS: Readonly<Record<string, FieldDoc>> = {
  project: {
    type: 'string, 3-16 of `a-z0-9-`, no `--`',
    typeKo: '문자열, `a-z0-9-` 3-16자, `--` 불가',
    en: 'prefix of every name (`<project>-<env>-<role>[-<az>]`) and of the state key',
    ko: '모든 리소스 이름(`<project>-<env>-<역할>[-<az>]`)과 상태 키의 접두사',
  },
  environment: {
    type: 'set by the file name',
    typeKo: '파일 이름으로 정해짐',
    en: 'the environment\'s name (see "Environments from files"); not set in files or variables',
    ko: '환경 이름("파일로 환경 더 만들기" 참고). 파일이나 변수에 쓰지 않습니다',
    defaults: { dev: '`dev`', prod: '`prod`' },
  },
  production: {
    en: 'strict review rules and a required `dns.domain`; file-defined environments inherit it from what they extend',
    ko: '엄격한 리뷰 규칙과 필수 `dns.domain`. 파일로 만든 환경은 `extends` 대상에서 물려받습니다',
  },
  region: {
    type: 'a supported region',
    typeKo: '지원하는 리전',
    en: 'one of the regions in `src/config/availability-zones.json`',
    ko: '`src/config/availability-zones.json`에 있는 리전 중 하나',
  },
  availabilityZones: {
    type: 'string[], >= 2, unique, AZs of the region',
    typeKo: '문자열[], 2개 이상, 중복 없음, 리전의 AZ',
    en: "one subnet per tier in each; checked against the region's list",
    ko: 'AZ마다 계층별 서브넷 하나. 리전의 AZ 목록과 대조합니다',
  },
  'state.bucket': {
    type: "S3 bucket name, S3's rules",
    typeKo: 'S3 버킷 이름 (S3 규칙)',
    en: 'state bucket, created by the `state` stack; must be globally unique',
    ko: '상태 버킷. `state` 스택이 만들며 전 세계에서 유일해야 합니다',
  },
  'state.key': {
    type: 'S3 key',
    typeKo: 'S3 키',
    en: "this environment's state object; never shared by two environments",
    ko: '이 환경의 상태 객체. 두 환경이 함께 쓸 수 없습니다',
    unset: { en: '`<project>/<env>/terraform.tfstate`', ko: '`<project>/<env>/terraform.tfstate`' },
  },
  'state.region': {
    type: 'a supported region',
    typeKo: '지원하는 리전',
    en: 'where the state bucket is, for environments in another region',
    ko: '상태 버킷이 있는 리전 (다른 리전에 만든 환경용)',
    unset: { en: "the project's `region`", ko: '프로젝트의 `region`' },
  },
  'state.dynamodbLockTable': {
    en: 'also create and use a legacy DynamoDB lock table (S3 native locking is always on)',
    ko: '예전 방식의 DynamoDB 잠금 테이블도 만들어 사용 (S3 네이티브 잠금은 항상 켜짐)',
  },
  'state.backend': {
    en: 'where the environment stacks keep state: the S3 bucket, or HCP Terraform (`cloud` block; see "The workflow")',
    ko: '환경 스택의 상태 저장 위치: S3 버킷, 또는 HCP Terraform (`cloud` 블록, "워크플로" 참고)',
  },
  'state.hcp.organization': {
    en: 'HCP Terraform organization; required with backend `hcp`',
    ko: 'HCP Terraform 조직. `hcp` 백엔드에서 필수',
  },
  'state.hcp.workspace': {
    en: "this environment's workspace (set it in `config/<env>.json`)",
    ko: '이 환경의 워크스페이스 (`config/<env>.json`에 설정)',
    unset: { en: '`<project>-<environment>`', ko: '`<project>-<environment>`' },
  },
  'state.hcp.hostname': {
    type: 'host name',
    typeKo: '호스트 이름',
    en: 'a Terraform Enterprise host',
    ko: 'Terraform Enterprise 호스트',
    unset: { en: '`app.terraform.io`', ko: '`app.terraform.io`' },
  },
  'state.noncurrentVersionExpirationDays': {
    en: 'how long superseded state versions are kept',
    ko: '이전 상태 버전을 보관하는 일수',
  },
  'network.vpcCidr': {
    type: 'IPv4 CIDR /16-/24',
    en: "the VPC's address range",
    ko: 'VPC의 주소 범위',
  },
  'network.subnets.{public,app,db}.prefixLength': {
    en: 'subnets carved from the VPC CIDR in order public, app, db, one per AZ',
    ko: 'VPC CIDR을 public, app, db 순서로 AZ마다 하나씩 잘라 만드는 서브넷의 크기',
  },
  'network.subnets.{public,app,db}.cidrs': {
    type: 'IPv4 CIDR[], one per AZ',
    typeKo: 'IPv4 CIDR[], AZ마다 하나',
    en: 'explicit CIDRs instead of carving; must lie in the VPC and not overlap',
    ko: '잘라 만드는 대신 직접 지정하는 CIDR. VPC 안에 있고 서로 겹치지 않아야 합니다',
  },
  'network.natMode': {
    en: 'egress of the private-app subnets: NAT gateways (`single`, `per-az`), NAT instances (`instance`, below), or none: the instances then reach AWS only through interface endpoints (ECR, Logs, Secrets Manager, SSM) and the S3 gateway endpoint, so images must be private ECR of the region (config refuses others)',
    ko: '앱 서브넷의 외부 통신: NAT 게이트웨이(`single`, `per-az`), NAT 인스턴스(`instance`, 아래), 또는 없음(`none`). `none`이면 인터페이스 엔드포인트(ECR, Logs, Secrets Manager, SSM)와 S3 게이트웨이 엔드포인트로만 AWS에 닿으므로 이미지는 해당 리전의 프라이빗 ECR이어야 합니다 (다른 이미지는 설정에서 거부)',
  },
  'network.flowLogs.enabled': {
    en: 'VPC flow logs to CloudWatch Logs (about $4 a month in dev; CKV2_AWS_11)',
    ko: 'VPC 흐름 로그를 CloudWatch Logs로 (dev에서 한 달 약 $4, CKV2_AWS_11)',
  },
  'network.flowLogs.retentionDays': { ...CLOUDWATCH_RETENTION, en: 'days the flow log is kept', ko: '흐름 로그 보관 일수' },
  'network.flowLogs.trafficType': { en: 'which traffic is logged', ko: '기록할 트래픽' },
  'network.s3GatewayEndpoint': {
    en: 'free S3 gateway endpoint on the private route tables',
    ko: '프라이빗 라우팅 테이블에 무료 S3 게이트웨이 엔드포인트',
  },
  'network.natInstanceType': {
    ...EC2_TYPE,
    en: 'with `natMode: instance`: one Graviton AL2023 instance per slot in an ASG of one, behind a fixed network interface and Elastic IP (about $12 a month with its two public addresses, against $47 plus $0.059/GB for a NAT gateway)',
    ko: '`natMode: instance`일 때: 슬롯마다 인스턴스 하나짜리 ASG의 Graviton AL2023 인스턴스, 고정 네트워크 인터페이스와 탄력적 IP 뒤 (공인 주소 두 개 포함 한 달 약 $12, NAT 게이트웨이는 $47에 GB당 $0.059)',
  },
  'network.natInstancePerAz': {
    en: 'with `natMode: instance`: one instance per AZ instead of one for all',
    ko: '`natMode: instance`일 때 하나로 모두 쓰는 대신 AZ마다 하나씩',
  },
  'access.adminCidrs': {
    type: 'IPv4 CIDR[] (the VPC is IPv4-only), never open to the world (`0.0.0.0/0`, halves of it, public ranges wider than /8)',
    typeKo: 'IPv4 CIDR[] (VPC가 IPv4 전용), 전 세계에 여는 범위 불가 (`0.0.0.0/0`, 그 절반들, /8보다 넓은 공인 범위)',
    en: 'who may SSH to the bastion, which needs `access.bastion.keyName` for it; empty means SSM Session Manager only',
    ko: 'Bastion에 SSH할 수 있는 관리자 주소 (`access.bastion.keyName`이 있어야 열림). 비어 있으면 SSM Session Manager로만 접속',
  },
  'access.bastion.enabled': {
    en: 'the bastion host; setting `access.adminCidrs` also brings one (they exist to reach it); off with no admin CIDRs removes every SSH path (SSM Session Manager reaches the instances)',
    ko: 'Bastion Host. `access.adminCidrs`를 설정해도 생깁니다 (그 주소는 Bastion에 닿기 위한 것이므로). 관리자 주소 없이 끄면 SSH 경로가 모두 사라집니다 (인스턴스 접속은 SSM Session Manager)',
  },
  'access.bastion.instanceType': { ...EC2_TYPE, en: 'Graviton types get the arm64 AMI', ko: 'Graviton 유형이면 arm64 AMI' },
  'access.bastion.keyName': { en: 'an existing EC2 key pair, for SSH to the bastion', ko: 'Bastion SSH용으로 이미 있는 EC2 키 페어' },
  'dns.domain': {
    type: 'domain name',
    typeKo: '도메인 이름',
    en: "HTTPS, ACM certificate and Route 53 records; required in production, and prod's `example.com` is a placeholder to replace (plan stops on it)",
    ko: 'HTTPS, ACM 인증서, Route 53 레코드. 운영 환경에서 필수이며, prod의 `example.com`은 바꿔야 하는 자리표시자입니다 (그대로면 plan이 멈춤)',
    unset: { en: 'HTTP only', ko: 'HTTP만' },
  },
  'dns.hostedZoneId': { type: '`Z...`', en: 'use this existing public zone instead of creating one', ko: '새로 만들지 않고 이미 있는 이 퍼블릭 호스팅 영역을 사용' },
  'dns.frontendSubdomain': { type: 'DNS label', typeKo: 'DNS 레이블', en: "the site's host name under `dns.domain`", ko: '`dns.domain` 아래 사이트의 호스트 이름' },
  'dns.backendSubdomain': { type: 'DNS label', typeKo: 'DNS 레이블', en: "the API's host name under `dns.domain`", ko: '`dns.domain` 아래 API의 호스트 이름' },
  'loadBalancing.topology': {
    en: 'one ALB per tier, or one ALB with a host (or `/api/*` path) rule',
    ko: '계층마다 ALB 하나, 또는 호스트(또는 `/api/*` 경로) 규칙을 둔 ALB 하나',
  },
  'loadBalancing.deletionProtection': { en: 'ALB deletion protection', ko: 'ALB 삭제 방지' },
  'loadBalancing.idleTimeoutSeconds': { en: "the ALB's idle timeout", ko: 'ALB 유휴 제한 시간' },
  'loadBalancing.accessLogs': {
    en: 'ALB access logs to a bucket with the ELB log-delivery policy of the region',
    ko: '리전의 ELB 로그 전달 정책을 둔 버킷으로 ALB 액세스 로그',
  },
  'loadBalancing.sameOriginApi': {
    en: "the API under `/api/*` on the site's host (no CORS, no `api.` name); needs `topology: shared`",
    ko: '사이트 호스트의 `/api/*`로 API 제공 (CORS도 `api.` 이름도 필요 없음). `topology: shared` 필요',
  },
  '{frontend,backend}.instanceType': {
    ...EC2_TYPE,
    en: 'Graviton (t4g) types get the arm64 AMI: the images must be multi-arch',
    ko: 'Graviton(t4g) 유형이면 arm64 AMI: 이미지가 멀티 아키텍처여야 합니다',
  },
  '{frontend,backend}.minSize': { type: 'integer, <= desiredCapacity', typeKo: '정수, desiredCapacity 이하', en: 'Auto Scaling group minimum', ko: '오토스케일링 그룹 최소 크기' },
  '{frontend,backend}.maxSize': { type: 'integer >= 1, >= desiredCapacity', typeKo: '1 이상 정수, desiredCapacity 이상', en: 'Auto Scaling group maximum', ko: '오토스케일링 그룹 최대 크기' },
  '{frontend,backend}.desiredCapacity': { type: 'integer, minSize-maxSize', typeKo: '정수, minSize-maxSize', en: 'instances at deploy', ko: '배포할 때 인스턴스 수' },
  '{frontend,backend}.image': { type: 'container image', typeKo: '컨테이너 이미지', en: 'private ECR URIs get an ECR login first', ko: '프라이빗 ECR URI면 먼저 ECR에 로그인' },
  '{frontend,backend}.port': { en: 'instance (target) port', ko: '인스턴스(대상) 포트' },
  '{frontend,backend}.containerPort': { en: 'port inside the container; Docker publishes it on `port`', ko: '컨테이너 안의 포트. Docker가 `port`로 내보냅니다' },
  '{frontend,backend}.healthCheckPath': { type: '`/...`', en: 'a Spring Boot image: `/actuator/health`', ko: 'Spring Boot 이미지라면 `/actuator/health`' },
  '{frontend,backend}.healthCheckMatcher': { type: 'HTTP codes', typeKo: 'HTTP 코드', en: 'a Spring Boot image: `200`', ko: 'Spring Boot 이미지라면 `200`' },
  '{frontend,backend}.environment': {
    type: 'string map, keys `[A-Za-z_][A-Za-z0-9_]*`',
    typeKo: '문자열 맵, 키 `[A-Za-z_][A-Za-z0-9_]*`',
    en: 'container environment; secret-looking keys (`DB_PASS`, `*_TOKEN`, `*_API_KEY`, `*SECRET*`, `*PASSWORD*`) are refused',
    ko: '컨테이너 환경 변수. 비밀처럼 보이는 키(`DB_PASS`, `*_TOKEN`, `*_API_KEY`, `*SECRET*`, `*PASSWORD*`)는 거부',
  },
  '{frontend,backend}.rootVolumeGb': { en: 'encrypted gp3 root volume', ko: '암호화된 gp3 루트 볼륨' },
  '{frontend,backend}.cpuTargetPercent': { en: 'target tracking on average CPU', ko: '평균 CPU 기준 대상 추적 스케일링' },
  '{frontend,backend}.healthCheckGracePeriodSeconds': {
    en: 'how long a new instance may stay unhealthy before the group replaces it',
    ko: '새 인스턴스가 unhealthy여도 그룹이 교체하지 않고 기다리는 시간',
  },
  '{frontend,backend}.imdsHopLimit': {
    type: '1 or 2',
    typeKo: '1 또는 2',
    en: "IMDSv2 hop limit: at 1 the containers (one hop further, on Docker's bridge) cannot take the instance role, which reads the DB secrets; 2 lets an AWS SDK in a container use it",
    ko: 'IMDSv2 홉 제한. 1이면 Docker 브리지 위의 컨테이너(한 홉 더 멂)는 DB 비밀을 읽는 인스턴스 역할을 쓸 수 없음. 컨테이너 안의 AWS SDK가 역할을 써야 할 때만 2',
  },
  'database.instanceClass': { type: '`db.*`', en: 'RDS instance class', ko: 'RDS 인스턴스 클래스' },
  'database.engineVersion': {
    type: '`8.4` or `8.4.x`',
    typeKo: '`8.4` 또는 `8.4.x`',
    en: '8.0 and 5.7 are refused: paid RDS Extended Support',
    ko: '8.0, 5.7은 유료 RDS Extended Support라서 거부',
  },
  'database.allocatedStorageGb': { en: 'gp3, encrypted', ko: '암호화된 gp3' },
  'database.maxAllocatedStorageGb': { en: 'storage autoscaling up to this', ko: '스토리지 자동 확장 상한' },
  'database.dbName': { type: 'identifier', typeKo: '식별자', en: 'the database created with the instance', ko: '인스턴스와 함께 만드는 데이터베이스' },
  'database.username': {
    type: 'identifier',
    typeKo: '식별자',
    en: 'the master user; its password is generated into Secrets Manager',
    ko: '마스터 사용자. 비밀번호는 Secrets Manager에 생성됩니다',
  },
  'database.appUsername': {
    type: 'identifier, not `username`',
    typeKo: '식별자, `username`과 달라야 함',
    en: 'the app\'s own user: privileges on `dbName` only, its own secret (`db_app_secret_arn`), created by the first backend boot (see "First boot")',
    ko: '앱 전용 사용자: `dbName`에만 권한, 자기 비밀(`db_app_secret_arn`), 첫 백엔드 부팅이 만듦 ("첫 부팅" 참고)',
  },
  'database.multiAz': { en: 'a standby in the second AZ', ko: '두 번째 AZ에 대기 인스턴스' },
  'database.deletionProtection': { en: 'RDS deletion protection', ko: 'RDS 삭제 방지' },
  'database.backupRetentionDays': { en: 'days of automated backups', ko: '자동 백업 보관 일수' },
  'database.backupWindow': {
    type: '`hh:mm-hh:mm` UTC, >= 30 min',
    typeKo: '`hh:mm-hh:mm` UTC, 30분 이상',
    en: 'daily; with office hours (`schedule.enabled`) it must fall inside the hours the database runs under every UTC offset of `schedule.timeZone`, and unset it is computed there; without, unset means the night window',
    ko: '매일. 업무 시간(`schedule.enabled`)이 있으면 모든 UTC 오프셋에서 DB가 켜져 있는 시간 안이어야 하며, 비우면 그 안으로 계산. 없으면 비웠을 때 밤 시간대',
    defaults: { dev: '`00:15-00:45` (09:15 KST)', prod: '`17:00-18:00` (02:00 KST)' },
  },
  'database.maintenanceWindow': {
    type: '`ddd:hh:mm-ddd:hh:mm` UTC, >= 30 min, apart from the backup window',
    typeKo: '`ddd:hh:mm-ddd:hh:mm` UTC, 30분 이상, 백업 시간대와 겹치지 않게',
    en: 'weekly; like the backup window, inside the hours the database runs when office hours are on',
    ko: '매주. 백업 시간대처럼, 업무 시간이 있으면 DB가 켜져 있는 시간 안',
    defaults: { dev: '`mon:00:45-mon:01:15` (Mon 09:45 KST)', prod: '`sun:18:00-sun:19:00` (Mon 03:00 KST)' },
  },
  'database.timeZone': {
    type: 'an RDS for MySQL time zone',
    typeKo: 'RDS for MySQL 시간대',
    en: "parameter group `time_zone`, the containers' `TZ` and the JDBC URL's `connectionTimeZone`; the list: `src/config/rds-mysql-time-zones.json`",
    ko: '파라미터 그룹의 `time_zone`, 컨테이너의 `TZ`, JDBC URL의 `connectionTimeZone`. 목록: `src/config/rds-mysql-time-zones.json`',
  },
  'database.logRetentionDays': {
    ...CLOUDWATCH_RETENTION,
    en: 'the groups of the exported MySQL logs, `/aws/rds/instance/<id>/error` and `/slowquery`, created by the stack before the instance (with the customer key when there is one)',
    ko: '내보낸 MySQL 로그의 로그 그룹(`/aws/rds/instance/<id>/error`, `/slowquery`) 보관 기간. 스택이 인스턴스보다 먼저 만듦 (고객 관리형 키가 있으면 그 키로 암호화)',
  },
  'database.performanceInsights': { en: 'not available on micro/small classes', ko: 'micro/small 클래스에서는 사용 불가' },
  'database.preventDestroy': { en: '`lifecycle.prevent_destroy` on the instance', ko: '인스턴스에 `lifecycle.prevent_destroy`' },
  'database.finalSnapshot': {
    en: 'a final snapshot on destroy and kept automated backups; `false` leaves nothing billable after `cdktf destroy`',
    ko: '삭제할 때 마지막 스냅샷을 남기고 자동 백업을 보관. `false`면 `cdktf destroy` 뒤에 과금되는 것이 남지 않음',
  },
  'schedule.enabled': {
    en: 'office hours: outside them both ASGs scale to zero (scheduled actions) and RDS stops (EventBridge Scheduler, `rds:StopDBInstance`/`StartDBInstance`, 15 min ahead of the tiers); the review prices instance and DB hours from it',
    ko: '업무 시간: 그 밖에는 두 ASG가 0대로 줄고(예약 작업) RDS가 멈춥니다 (EventBridge Scheduler, `rds:StopDBInstance`/`StartDBInstance`, 계층보다 15분 먼저). 리뷰는 이 시간으로 인스턴스와 DB 요금을 계산합니다',
  },
  'schedule.timeZone': { type: 'IANA time zone', typeKo: 'IANA 시간대', en: 'the zone of `start` and `stop`', ko: '`start`, `stop`의 시간대' },
  'schedule.days': { type: 'cron day names', typeKo: 'cron 요일 이름', en: 'a range or a list, such as `MON-FRI` or `MON,WED,FRI`', ko: '범위나 목록, 예: `MON-FRI`, `MON,WED,FRI`' },
  'schedule.start': { type: '`hh:mm`', en: 'local time the stack starts on those days', ko: '그날 스택이 켜지는 현지 시각' },
  'schedule.stop': {
    type: '`hh:mm`, later than start',
    typeKo: '`hh:mm`, start보다 늦게',
    en: 'local time it stops; with the defaults, 50 of 168 hours a week (storage, ALBs and addresses bill all the time)',
    ko: '꺼지는 현지 시각. 기본값이면 일주일 168시간 중 50시간 (스토리지, ALB, 주소는 항상 과금)',
  },
  'budget.monthlyUsd': {
    type: 'number > 0, with `budget.email`',
    typeKo: '0보다 큰 숫자, `budget.email`과 함께',
    en: 'an AWS Budgets cost budget (what it counts: `budget.scope`): e-mail at 80 % forecast and 100 % actual, and a message to the alert topic with alerts on',
    ko: 'AWS Budgets 예산 (무엇을 세는지는 `budget.scope`): 예측 80 %, 실제 100 %에서 메일, 경보가 켜져 있으면 경보 토픽으로도',
  },
  'budget.email': { type: 'e-mail, with `budget.monthlyUsd`', typeKo: '메일 주소, `budget.monthlyUsd`와 함께', en: 'who gets the budget alerts', ko: '예산 알림을 받을 사람' },
  'budget.scope': {
    en: 'what the budget counts: `tag`, the charges of resources tagged `Environment=<env>` (activate the cost-allocation tag; misses untaggable charges, see "What dev costs"); `account`, every charge of the account, for an account per environment',
    ko: '예산이 세는 것: `tag`는 `Environment=<env>` 태그가 붙은 리소스의 요금 (비용 할당 태그 활성화 필요, 태그가 닿지 않는 요금은 빠짐), `account`는 계정의 모든 요금 (환경마다 계정이 따로일 때)',
  },
  'waf.enabled': {
    en: 'AWS WAF web ACL on every internet-facing ALB: AWS managed common, known-bad-inputs, IP-reputation and anonymous-IP rule groups, then a per-IP rate rule; logs to `aws-waf-logs-<project>-<env>`; about $10.60 a month plus $0.60 per million requests',
    ko: '인터넷에 열린 모든 ALB에 AWS WAF 웹 ACL: AWS 관리형 common, known-bad-inputs, IP-reputation, anonymous-IP 규칙 그룹과 IP별 요청 수 제한. 로그는 `aws-waf-logs-<project>-<env>`. 한 달 약 $10.60에 요청 백만 건당 $0.60',
  },
  'waf.rateLimitPer5Minutes': { en: 'requests one IP may send in 5 minutes before it is blocked', ko: 'IP 하나가 5분 동안 보낼 수 있는 요청 수. 넘으면 차단' },
  'waf.mode': {
    en: "`count`: the rules that could block real users only count and log (the rate rule too), to see what would be blocked during a new application's first week, while known bad inputs (Log4Shell) keep blocking; then `block`. The log never holds the `authorization` and `cookie` headers (redacted)",
    ko: '`count`: 실제 사용자를 막을 수 있는 규칙(요청 수 제한 포함)은 세고 기록만 함. 새 앱의 첫 주에 무엇이 막힐지 보는 용도이며 known bad inputs(Log4Shell)는 계속 차단. 그다음 `block`. 로그에는 `authorization`, `cookie` 헤더가 남지 않음(가림)',
  },
  'waf.blockHostingProviders': {
    en: "whether the anonymous-IP list blocks requests from cloud and hosting providers' addresses (its `HostingProviderIPList` rule): off, they are counted and logged, so API clients on servers and uptime checks get through; VPNs, Tor and proxies are blocked either way",
    ko: 'anonymous-IP 목록이 클라우드·호스팅 업체 주소에서 온 요청을 막을지 (`HostingProviderIPList` 규칙). 끄면 세고 기록만 하므로 서버에서 부르는 API 클라이언트와 가동 확인이 통과. VPN, Tor, 프록시는 어느 쪽이든 차단',
  },
  'waf.commonRuleOverrides': {
    type: 'map of a rule of AWSManagedRulesCommonRuleSet to `count` or `block`',
    typeKo: 'AWSManagedRulesCommonRuleSet 규칙 이름에서 `count` 또는 `block`으로의 맵',
    en: 'per-rule actions in block mode (`rule_action_override`): request bodies over 8 KB and clients without a User-Agent, which real APIs send, are counted rather than blocked; set `block` to block them',
    ko: '차단 모드에서 규칙별 동작 (`rule_action_override`). 실제 API가 보내는 8 KB 넘는 본문과 User-Agent 없는 요청은 기본으로 차단하지 않고 셈. `block`으로 바꾸면 차단',
  },
  'waf.logRetentionDays': { ...CLOUDWATCH_RETENTION, en: 'days the WAF log is kept', ko: 'WAF 로그 보관 일수' },
  'encryption.customerKey': {
    en: 'a customer managed KMS key ($1 a month, rotated yearly) on every log group and Performance Insights; its policy lets CloudWatch Logs of the region use it for this account only',
    ko: '모든 로그 그룹과 Performance Insights에 고객 관리형 KMS 키 (한 달 $1, 매년 교체). 키 정책은 이 계정의 해당 리전 CloudWatch Logs만 쓰게 합니다',
  },
  'alerts.enabled': {
    type: 'boolean, needs `encryption.customerKey`',
    typeKo: '불리언, `encryption.customerKey` 필요',
    en: 'CloudWatch alarms on every tier to an encrypted SNS topic (see "When something breaks")',
    ko: '모든 계층의 CloudWatch 경보를 암호화된 SNS 토픽으로 ("장애가 났을 때" 참고)',
  },
  'alerts.emails': {
    type: 'e-mail[]',
    typeKo: '메일 주소[]',
    en: 'who is told: one e-mail subscription each, which its owner must confirm',
    ko: '알림을 받을 사람. 주소마다 메일 구독 하나, 주인이 직접 확인해야 함',
  },
  'alerts.dashboard': {
    en: "a CloudWatch dashboard of the golden signals of each tier, with or without alarms ($3 a month beyond an account's first three)",
    ko: '계층마다 핵심 지표를 모은 CloudWatch 대시보드, 경보와 무관하게 (계정의 처음 세 개를 넘으면 한 달 $3)',
  },
  'alerts.thresholds.loadBalancer5xxPer5Minutes': { type: 'whole number >= 1', typeKo: '1 이상의 정수', en: '5xx answered by the load balancer itself in 5 minutes', ko: '로드밸런서가 직접 5분 동안 답한 5xx 수' },
  'alerts.thresholds.target5xxPer5Minutes': { type: 'whole number >= 1', typeKo: '1 이상의 정수', en: "5xx answered by a tier's targets in 5 minutes", ko: '계층의 대상이 5분 동안 답한 5xx 수' },
  'alerts.thresholds.unhealthyHostMinutes': { type: '1-60', en: 'minutes a target may stay unhealthy', ko: '대상이 unhealthy로 있어도 되는 분' },
  'alerts.thresholds.targetResponseTimeP99Seconds': { type: 'seconds > 0', typeKo: '0보다 큰 초', en: 'p99 latency over 10 minutes', ko: '10분 동안의 p99 응답 시간' },
  'alerts.thresholds.databaseCpuPercent': { type: '1-100', en: 'database CPU averaged over 15 minutes', ko: '15분 평균 DB CPU' },
  'alerts.thresholds.databaseFreeStorageGb': {
    type: 'GiB below `database.allocatedStorageGb`',
    typeKo: '`database.allocatedStorageGb`보다 작은 GiB',
    en: 'free storage the database may fall to',
    ko: 'DB 남은 저장 공간의 하한',
  },
  'alerts.thresholds.databaseFreeableMemoryMb': { type: 'MiB > 0', typeKo: '0보다 큰 MiB', en: 'freeable memory over 15 minutes', ko: '15분 동안 쓸 수 있는 메모리의 하한' },
  'alerts.thresholds.databaseConnections': {
    type: 'whole number >= 1',
    typeKo: '1 이상의 정수',
    en: 'connections over 10 minutes; required for a class whose memory `src/config/rds-classes.ts` does not know',
    ko: '10분 동안의 연결 수. `src/config/rds-classes.ts`가 메모리를 모르는 클래스에서는 필수',
    unset: { en: "70 % of the class's default `max_connections` (59 on db.t4g.micro, 238 on db.t4g.medium)", ko: '클래스 기본 `max_connections`의 70 % (db.t4g.micro 59, db.t4g.medium 238)' },
  },
  'alerts.thresholds.natPacketsDropPercent': {
    type: 'percentage > 0',
    typeKo: '0보다 큰 백분율',
    en: "NAT gateway packets dropped over 15 minutes (AWS's recommendation)",
    ko: 'NAT 게이트웨이가 15분 동안 버린 패킷 비율 (AWS 권장값)',
  },
  'alerts.thresholds.wafBlockedRequestsPer5Minutes': {
    type: 'whole number >= 1',
    typeKo: '1 이상의 정수',
    en: 'requests the web ACL blocks (counts, in count mode) in 5 minutes',
    ko: '웹 ACL이 5분 동안 차단한(count 모드에서는 센) 요청 수',
  },
  tags: { en: "extra tags on every resource, through the provider's `default_tags`", ko: '모든 리소스에 붙일 태그 (프로바이더의 `default_tags`)' },
  checkovExceptions: {
    type: '`{ checks, address, reason }[]`',
    en: "Checkov checks accepted on purpose that no review rule mirrors: Checkov ids, a resource address or prefix, and a reason of 10+ characters; they go into the stack's Checkov baseline",
    ko: '리뷰 규칙이 다루지 않는 Checkov 검사를 일부러 허용: Checkov id, 리소스 주소나 접두사, 10자 이상의 이유 (스택의 Checkov baseline에 기록)',
  },
  suppressions: {
    type: '`{ id, address, reason }[]`',
    en: 'review findings accepted on purpose: a rule id, a resource address or prefix, and a reason of 10+ characters',
    ko: '일부러 허용하는 리뷰 항목: 규칙 id, 리소스 주소나 접두사, 10자 이상의 이유',
  },
  retiring: {
    en: 'retire the environment: RDS and ALB deletion protection, `prevent_destroy` and the access-log bucket\'s guard off (`database.finalSnapshot` still applies); deploy it, then `cdktf destroy` succeeds (see "Destroy, and retiring prod")',
    ko: '환경 폐기: RDS와 ALB 삭제 방지, `prevent_destroy`, 액세스 로그 버킷 보호를 끕니다 (`database.finalSnapshot`은 그대로 적용). 이 설정을 배포하면 `cdktf destroy`가 성공합니다 ("삭제, 그리고 prod 폐기" 참고)',
  },
};
