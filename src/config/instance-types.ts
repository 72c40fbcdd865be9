import table from './ec2-instance-types.json';

/**
 * Every EC2 instance type the EC2 API knows (`ec2-instance-types.json`, generated from the AWS SDK's
 * copy of the API model by `scripts/instance-types.ts`). Whether a type is offered in a given AZ is
 * not checked: only names that exist nowhere are refused.
 */
const TYPES = new Set(table.types);

/** Sizes in the order AWS lists them, for messages. */
const SIZE_ORDER = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge'];

function sizeRank(size: string): number {
  const index = SIZE_ORDER.indexOf(size);
  if (index >= 0) {
    return index;
  }
  const times = /^(\d+)xlarge$/.exec(size);
  return times === null ? 1000 : SIZE_ORDER.length + Number(times[1]);
}

const BY_FAMILY = new Map<string, string[]>();
for (const type of table.types) {
  const [family, size] = type.split('.');
  BY_FAMILY.set(family, [...(BY_FAMILY.get(family) ?? []), size]);
}
for (const sizes of BY_FAMILY.values()) {
  sizes.sort((a, b) => sizeRank(a) - sizeRank(b) || a.localeCompare(b));
}

/** Edit distance, for "did you mean" among family names. */
function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_value, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** Families the given one may have meant: its variants (m7: m7a, m7g, ...), else the nearest names of the same letter. */
function similarFamilies(family: string): string[] {
  const variants = [...BY_FAMILY.keys()].filter((candidate) => candidate.startsWith(family) && /^[a-z]/.test(candidate.slice(family.length)));
  if (family !== '' && variants.length > 0) {
    return variants.sort((a, b) => a.length - b.length || a.localeCompare(b)).slice(0, 6);
  }
  const scored = [...BY_FAMILY.keys()].filter((candidate) => candidate[0] === family[0]).map((candidate) => ({ candidate, score: distance(family, candidate) }));
  const best = Math.min(Infinity, ...scored.map((entry) => entry.score));
  return best > 2
    ? []
    : scored
        .filter((entry) => entry.score === best)
        .map((entry) => entry.candidate)
        .slice(0, 6);
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Why `<prefix><family>.<size>` is not one of `sizesOf(family)`, or undefined when it is. */
function typeProblem(name: string, prefix: string, what: string, sizesOf: (family: string) => readonly string[]): string | undefined {
  const [family = '', size = ''] = name.slice(prefix.length).split('.');
  const sizes = sizesOf(family);
  if (sizes.includes(size)) {
    return undefined;
  }
  if (sizes.length > 0) {
    return `${JSON.stringify(name)} is not ${what}: ${prefix}${family} comes in ${sizes.join(', ')}`;
  }
  const similar = similarFamilies(family).map((candidate) => `${prefix}${candidate}`);
  return `${JSON.stringify(name)} is not ${what}: there is no ${prefix}${family} family${similar.length === 0 ? '' : `; did you mean ${listed(similar)}?`}`;
}

/** What is wrong with an EC2 instance type, or undefined when the EC2 API knows it. */
export function ec2InstanceTypeProblem(type: string): string | undefined {
  return TYPES.has(type) ? undefined : typeProblem(type, '', 'an EC2 instance type', (family) => BY_FAMILY.get(family) ?? []);
}

/**
 * RDS families with no EC2 twin of the same name, from the RDS user guide's "DB instance class types"
 * (db.x2g: memory-optimised Graviton2; EC2 only has x2gd).
 */
const RDS_ONLY_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  x2g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
};

/**
 * What is wrong with an RDS instance class, or undefined. An RDS class is `db.` and an EC2 type; no
 * class is nano or bare metal. Whether RDS for MySQL offers that family in the region is left to
 * `aws rds describe-orderable-db-instance-options`: only names that exist nowhere are refused.
 */
export function rdsInstanceClassProblem(instanceClass: string): string | undefined {
  const rdsSizes = (family: string): readonly string[] => RDS_ONLY_FAMILIES[family] ?? (BY_FAMILY.get(family) ?? []).filter((size) => size !== 'nano' && !size.startsWith('metal'));
  return typeProblem(instanceClass, 'db.', 'an RDS instance class', rdsSizes);
}
