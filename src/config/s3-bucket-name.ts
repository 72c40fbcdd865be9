/** Prefixes and suffixes S3 reserves for its own features (access points, Object Lambda, directory and table buckets). */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * What S3 would reject about a general-purpose bucket name, or undefined when it is valid
 * (Amazon S3 User Guide, "General purpose bucket naming rules").
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) {
    return `is ${name.length} characters; S3 bucket names have 3 to 63`;
  }
  if (!/^[a-z0-9.-]+$/.test(name)) {
    return 'may hold only lower-case letters, digits, dots and hyphens';
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return 'must begin and end with a letter or digit';
  }
  if (name.includes('..')) {
    return 'must not contain two adjacent dots';
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    return 'must not be formatted as an IP address';
  }
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix !== undefined) {
    return `must not start with ${JSON.stringify(prefix)} (reserved by S3)`;
  }
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix !== undefined) {
    return `must not end with ${JSON.stringify(suffix)} (reserved by S3)`;
  }
  return undefined;
}
