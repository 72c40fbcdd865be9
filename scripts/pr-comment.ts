// Usage (in the workflow): node --require ./scripts/register-ts.cjs scripts/pr-comment.ts review-dev.md
// Needs GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name) and PR_NUMBER; GITHUB_API_URL defaults to api.github.com.
// Creates the pull request's review comment, or updates the one carrying the same hidden marker.
import { readFileSync } from 'node:fs';

/** Where the comment goes. */
export interface CommentTarget {
  readonly apiUrl: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly issueNumber: number;
  readonly token: string;
}

export interface CommentResult {
  readonly action: 'created' | 'updated';
  readonly id: number;
  readonly url: string;
}

/** A failure with a message for the job log: no stack trace, no token. */
export class CommentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommentError';
  }
}

type Fetch = typeof fetch;

/** GitHub refuses comment bodies over 65,536 characters. */
const MAX_BODY = 65_536;
const MARKER = /<!-- three-tier-review:[\w.-]+ -->/;

/** The hidden marker that identifies the comment of one environment. */
export function markerOf(body: string): string {
  const marker = MARKER.exec(body)?.[0];
  if (marker === undefined) {
    throw new CommentError('the comment has no <!-- three-tier-review:<env> --> marker: write it with `npm run review -- --base ... --format markdown`');
  }
  return marker;
}

function fitted(body: string): string {
  if (body.length <= MAX_BODY) {
    return body;
  }
  const note = "\n\n_(cut to fit GitHub's comment limit: the whole review is in the job summary)_\n";
  return body.slice(0, MAX_BODY - note.length) + note;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function call(fetchImpl: Fetch, target: CommentTarget, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
  const url = `${target.apiUrl.replace(/\/$/, '')}${path}`;
  const response = await fetchImpl(url, {
    method,
    headers: {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${target.token}`,
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'three-tier-review',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch((error: unknown) => {
    throw new CommentError(`cannot reach GitHub at ${url}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const text = await response.text();
  if (!response.ok) {
    const message = (() => {
      try {
        const parsed: unknown = JSON.parse(text);
        return isRecord(parsed) && typeof parsed.message === 'string' ? parsed.message : text;
      } catch {
        return text;
      }
    })();
    throw new CommentError(`GitHub ${method} ${path} answered ${response.status}: ${message.slice(0, 300)}`);
  }
  return text === '' ? undefined : JSON.parse(text);
}

function comment(value: unknown, where: string): { readonly id: number; readonly body: string; readonly url: string } {
  if (!isRecord(value) || typeof value.id !== 'number') {
    throw new CommentError(`GitHub ${where} returned no comment id`);
  }
  return { id: value.id, body: typeof value.body === 'string' ? value.body : '', url: typeof value.html_url === 'string' ? value.html_url : '' };
}

/** Finds the comment with the body's marker (page by page) and updates it, or creates one. */
export async function upsertComment(body: string, target: CommentTarget, fetchImpl: Fetch = fetch): Promise<CommentResult> {
  const marker = markerOf(body);
  const base = `/repos/${target.repository}/issues`;
  for (let page = 1; ; page += 1) {
    const listed = await call(fetchImpl, target, 'GET', `${base}/${target.issueNumber}/comments?per_page=100&page=${page}`);
    if (!Array.isArray(listed)) {
      throw new CommentError(`GitHub listed the comments of #${target.issueNumber} as something other than a list`);
    }
    const existing = listed.map((item) => comment(item, 'comment list')).find((item) => item.body.includes(marker));
    if (existing !== undefined) {
      const updated = comment(await call(fetchImpl, target, 'PATCH', `${base}/comments/${existing.id}`, { body: fitted(body) }), 'PATCH');
      return { action: 'updated', id: updated.id, url: updated.url };
    }
    if (listed.length < 100) {
      break;
    }
  }
  const created = comment(await call(fetchImpl, target, 'POST', `${base}/${target.issueNumber}/comments`, { body: fitted(body) }), 'POST');
  return { action: 'created', id: created.id, url: created.url };
}

/** The target from the workflow's environment, with a message naming what is missing. */
export function targetFromEnv(env: NodeJS.ProcessEnv): CommentTarget {
  const missing = ['GITHUB_TOKEN', 'GITHUB_REPOSITORY', 'PR_NUMBER'].filter((name) => (env[name] ?? '') === '');
  if (missing.length > 0) {
    throw new CommentError(`missing environment variable(s) ${missing.join(', ')}: run this in the pull_request workflow`);
  }
  const issueNumber = Number(env.PR_NUMBER);
  if (!Number.isInteger(issueNumber) || issueNumber <= 0) {
    throw new CommentError(`PR_NUMBER must be a pull-request number, got ${JSON.stringify(env.PR_NUMBER)}`);
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(env.GITHUB_REPOSITORY ?? '')) {
    throw new CommentError(`GITHUB_REPOSITORY must be owner/name, got ${JSON.stringify(env.GITHUB_REPOSITORY)}`);
  }
  return { apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com', repository: env.GITHUB_REPOSITORY ?? '', issueNumber, token: env.GITHUB_TOKEN ?? '' };
}

/** The command: reads the Markdown file and upserts it; returns the exit status. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, log: (line: string) => void, fetchImpl: Fetch = fetch): Promise<number> {
  try {
    const [file] = argv;
    if (file === undefined || argv.length > 1) {
      throw new CommentError('usage: pr-comment.ts <review.md>');
    }
    let body: string;
    try {
      body = readFileSync(file, 'utf8');
    } catch {
      throw new CommentError(`cannot read ${file}`);
    }
    const result = await upsertComment(body, targetFromEnv(env), fetchImpl);
    log(`${result.action} comment ${result.id} ${result.url}`);
    return 0;
  } catch (error) {
    if (error instanceof CommentError) {
      log(`pr-comment: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`)).then((code) => {
    process.exitCode = code;
  });
}
