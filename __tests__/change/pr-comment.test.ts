import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, markerOf, targetFromEnv } from '../../scripts/pr-comment';

interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

interface StoredComment {
  id: number;
  body: string;
  html_url: string;
  user: { login: string; type: string };
}

/**
 * A stand-in for the GitHub REST API's issue-comment endpoints on 127.0.0.1, answering as GitHub does
 * (recorded shapes of GET/POST/PATCH), and recording every request it receives.
 */
class FakeGitHub {
  readonly exchanges: Exchange[] = [];
  readonly comments: StoredComment[] = [];
  private nextId = 1_900_000_001;
  private server: Server | undefined;

  constructor(private readonly status: number = 200) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(([status, payload]) => {
        response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') {
      throw new Error('the fake GitHub has no TCP port');
    }
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(request: IncomingMessage): Promise<[number, unknown]> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(Buffer.from(chunk));
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    const path = request.url ?? '';
    this.exchanges.push({ method: request.method ?? '', path, authorization: request.headers.authorization, body });
    if (this.status !== 200) {
      return [this.status, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/comments' }];
    }
    const bodyText = (value: unknown): string => (typeof value === 'object' && value !== null && 'body' in value && typeof value.body === 'string' ? value.body : '');
    const list = /^\/repos\/acme\/infra\/issues\/42\/comments\?per_page=100&page=(\d+)$/.exec(path);
    if (request.method === 'GET' && list !== null) {
      const page = Number(list[1]);
      return [200, this.comments.slice((page - 1) * 100, page * 100)];
    }
    if (request.method === 'POST' && path === '/repos/acme/infra/issues/42/comments') {
      const id = this.nextId++;
      const created = { id, body: bodyText(body), html_url: `https://github.com/acme/infra/pull/42#issuecomment-${id}`, user: { login: 'github-actions[bot]', type: 'Bot' } };
      this.comments.push(created);
      return [201, created];
    }
    const patch = /^\/repos\/acme\/infra\/issues\/comments\/(\d+)$/.exec(path);
    if (request.method === 'PATCH' && patch !== null) {
      const existing = this.comments.find((item) => item.id === Number(patch[1]));
      if (existing === undefined) {
        return [404, { message: 'Not Found' }];
      }
      existing.body = bodyText(body);
      return [200, existing];
    }
    return [404, { message: 'Not Found' }];
  }
}

function reviewFile(body: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pr-comment-')), 'review-dev.md');
  writeFileSync(file, body);
  return file;
}

const env = (apiUrl: string): NodeJS.ProcessEnv => ({ GITHUB_TOKEN: 'test-token-not-a-secret', GITHUB_REPOSITORY: 'acme/infra', PR_NUMBER: '42', GITHUB_API_URL: apiUrl });

describe('pr-comment against a recorded GitHub API exchange', () => {
  let github: FakeGitHub;
  let api: string;
  beforeEach(async () => {
    github = new FakeGitHub();
    api = await github.start();
  });
  afterEach(async () => {
    await github.stop();
  });

  test('the first run POSTs the comment, the second PATCHes that same comment; another environment keeps its own', async () => {
    const log: string[] = [];
    github.comments.push({ id: 7, body: 'LGTM', html_url: 'https://github.com/acme/infra/pull/42#issuecomment-7', user: { login: 'octocat', type: 'User' } });
    expect(await main([reviewFile('<!-- three-tier-review:dev -->\n# opens 1 path')], env(api), (line) => log.push(line))).toBe(0);
    expect(await main([reviewFile('<!-- three-tier-review:prod -->\n# no change')], env(api), (line) => log.push(line))).toBe(0);
    expect(await main([reviewFile('<!-- three-tier-review:dev -->\n# closes 1 path')], env(api), (line) => log.push(line))).toBe(0);

    expect(github.exchanges.map((exchange) => `${exchange.method} ${exchange.path}`)).toEqual([
      'GET /repos/acme/infra/issues/42/comments?per_page=100&page=1',
      'POST /repos/acme/infra/issues/42/comments',
      'GET /repos/acme/infra/issues/42/comments?per_page=100&page=1',
      'POST /repos/acme/infra/issues/42/comments',
      'GET /repos/acme/infra/issues/42/comments?per_page=100&page=1',
      'PATCH /repos/acme/infra/issues/comments/1900000001',
    ]);
    expect(github.exchanges.every((exchange) => exchange.authorization === 'Bearer test-token-not-a-secret')).toBe(true);
    expect(github.comments.map((item) => item.body)).toEqual(['LGTM', '<!-- three-tier-review:dev -->\n# closes 1 path', '<!-- three-tier-review:prod -->\n# no change']);
    expect(log).toEqual([
      'created comment 1900000001 https://github.com/acme/infra/pull/42#issuecomment-1900000001',
      'created comment 1900000002 https://github.com/acme/infra/pull/42#issuecomment-1900000002',
      'updated comment 1900000001 https://github.com/acme/infra/pull/42#issuecomment-1900000001',
    ]);
  });

  test('the marked comment is found past the first page of 100', async () => {
    for (let index = 0; index < 100; index += 1) {
      github.comments.push({ id: index + 1, body: `comment ${index}`, html_url: '', user: { login: 'octocat', type: 'User' } });
    }
    github.comments.push({ id: 555, body: '<!-- three-tier-review:dev -->\nold', html_url: 'https://github.com/acme/infra/pull/42#issuecomment-555', user: { login: 'github-actions[bot]', type: 'Bot' } });
    const log: string[] = [];
    expect(await main([reviewFile('<!-- three-tier-review:dev -->\nnew')], env(api), (line) => log.push(line))).toBe(0);
    expect(github.exchanges.map((exchange) => `${exchange.method} ${exchange.path}`).slice(-2)).toEqual(['GET /repos/acme/infra/issues/42/comments?per_page=100&page=2', 'PATCH /repos/acme/infra/issues/comments/555']);
  });

  test('a refused token is a one-line message and exit status 1', async () => {
    const refusing = new FakeGitHub(403);
    const url = await refusing.start();
    const log: string[] = [];
    try {
      expect(await main([reviewFile('<!-- three-tier-review:dev -->\nx')], env(url), (line) => log.push(line))).toBe(1);
    } finally {
      await refusing.stop();
    }
    expect(log).toEqual(['pr-comment: GitHub GET /repos/acme/infra/issues/42/comments?per_page=100&page=1 answered 403: Resource not accessible by integration']);
  });
});

describe('pr-comment input', () => {
  test('a body without the marker is refused before any call', () => {
    expect(() => markerOf('# a review')).toThrow('the comment has no <!-- three-tier-review:<env> --> marker');
  });

  test('missing or bad environment variables are named', () => {
    expect(() => targetFromEnv({})).toThrow('missing environment variable(s) GITHUB_TOKEN, GITHUB_REPOSITORY, PR_NUMBER');
    expect(() => targetFromEnv({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'acme/infra', PR_NUMBER: 'abc' })).toThrow('PR_NUMBER must be a pull-request number, got "abc"');
    expect(() => targetFromEnv({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'acme', PR_NUMBER: '1' })).toThrow('GITHUB_REPOSITORY must be owner/name, got "acme"');
  });

  test('an unreachable API is a message, not a stack trace', async () => {
    const log: string[] = [];
    const unreachable: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    expect(await main([reviewFile('<!-- three-tier-review:dev -->\nx')], env('http://127.0.0.1:9'), (line) => log.push(line), unreachable)).toBe(1);
    expect(log).toEqual(['pr-comment: cannot reach GitHub at http://127.0.0.1:9/repos/acme/infra/issues/42/comments?per_page=100&page=1: fetch failed']);
  });

  test('a missing file is named', async () => {
    const log: string[] = [];
    expect(await main(['/nonexistent/review.md'], env('http://127.0.0.1:9'), (line) => log.push(line))).toBe(1);
    expect(log).toEqual(['pr-comment: cannot read /nonexistent/review.md']);
  });
});
