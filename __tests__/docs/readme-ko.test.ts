// README.ko.md is a guide, not a line-by-line translation, but what a reader types must not drift from
// README.md: the commands, the config field names, the variables and the prices. Everything is
// derived from the two files, so a change to either one that the other does not follow fails here
// with the names to add or remove.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

interface Snippets {
  /** Contents of fenced code blocks. */
  readonly blocks: readonly string[];
  /** Inline code spans outside the fenced blocks. */
  readonly inline: readonly string[];
}

function snippets(markdown: string): Snippets {
  const blocks: string[] = [];
  const prose: string[] = [];
  let current: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      if (current === undefined) {
        current = [];
      } else {
        blocks.push(current.join('\n'));
        current = undefined;
      }
    } else if (current === undefined) {
      prose.push(line);
    } else {
      current.push(line);
    }
  }
  const inline = [...prose.join('\n').matchAll(/`([^`\n]+)`/g)].map((match) => match[1]);
  return { blocks, inline };
}

/**
 * What a command line asks of this project, without the values it passes: `npm run <script>` or
 * `npx cdktf <subcommand>`, plus the `--flags` it uses. `npm run -s review -- prod --format markdown > r.md`
 * is `npm run review --format`. Stack names and paths differ between examples; flags and names must not.
 */
function commandSignatures(text: string): string[] {
  const signatures: string[] = [];
  for (const line of text.split('\n')) {
    const command = line.replace(/(^|\s)#.*$/, '');
    for (const part of command.split(/&&|\|\||;|\|/)) {
      const tokens = part
        .replace(/\s[12]?>.*$/, '')
        .trim()
        .split(/\s+/)
        .filter((token) => token !== '');
      while (tokens.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(tokens[0])) {
        tokens.shift();
      }
      const flags = (rest: readonly string[]): string =>
        [...new Set(rest.filter((token) => /^--[a-z]/.test(token)).map((token) => token.replace(/=.*$/, '')))]
          .sort()
          .map((flag) => ` ${flag}`)
          .join('');
      if (tokens[0] === 'npm' && (tokens[1] === 'test' || tokens[1] === 'ci')) {
        signatures.push(`npm ${tokens[1]}`);
      } else if (tokens[0] === 'npm' && tokens[1] === 'run') {
        const rest = tokens.slice(2).filter((token) => token !== '-s' && token !== '--silent');
        if (rest[0] !== undefined && /^[a-z][a-z:-]*$/.test(rest[0])) {
          signatures.push(`npm run ${rest[0]}${flags(rest.slice(1))}`);
        }
      } else {
        const cli = tokens[0] === 'npx' ? tokens.slice(1) : tokens;
        if (cli[0] === 'cdktf' && cli[1] !== undefined) {
          // `cdktf deploy/diff/destroy` in prose names three subcommands.
          for (const subcommand of cli[1].split('/').filter((name) => /^[a-z]+$/.test(name))) {
            signatures.push(`npx cdktf ${subcommand}${flags(cli.slice(2))}`);
          }
        }
      }
    }
  }
  return signatures;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function missingFrom(wanted: readonly string[], present: readonly string[]): string[] {
  const have = new Set(present);
  return unique(wanted.filter((value) => !have.has(value)));
}

/** Backticked names in the first column of the table whose header row starts with `| <header> |`. */
function tableFields(markdown: string, header: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.replace(/\s+/g, ' ').startsWith(`| ${header} |`));
  if (start < 0) {
    return [];
  }
  const fields: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) {
      break;
    }
    const firstCell = line.split('|')[1] ?? '';
    fields.push(...[...firstCell.matchAll(/`([^`]+)`/g)].map((match) => match[1]));
  }
  return unique(fields);
}

/** Inline code that names a nested field of one of the config sections (`dns.domain`, `state.dynamodbLockTable: true`). */
function configPaths(inline: readonly string[], sections: readonly string[]): string[] {
  return unique(inline.map((code) => /^([a-z][A-Za-z]*(?:\.[A-Za-z<>*]+)+)(?::.*)?$/.exec(code)?.[1]).filter((path): path is string => path !== undefined && sections.includes(path.split('.')[0])));
}

function projectVariables(markdown: string): string[] {
  return unique([...markdown.matchAll(/\bTT_[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\b/g)].map((match) => match[0]));
}

function dollarAmounts(markdown: string): string[] {
  return unique([...markdown.matchAll(/\$\d+(?:\.\d+)?/g)].map((match) => match[0]));
}

/** Relative link and image targets, `[text](target)`, without their #fragment. */
function relativeLinks(markdown: string): string[] {
  return unique([...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1].replace(/#.*$/, '')).filter((target) => target !== '' && !/^[a-z]+:/.test(target)));
}

describe('the helpers the README checks rely on', () => {
  it('reduce a command line to what it asks of the project', () => {
    expect(commandSignatures('npm ci && npm run synth        # writes cdktf.out')).toEqual(['npm ci', 'npm run synth']);
    expect(commandSignatures('npm run -s review -- prod --format markdown > review.md')).toEqual(['npm run review --format']);
    expect(commandSignatures('TT_ENVIRONMENTS=dev npm run plan:offline -- dev prod')).toEqual(['npm run plan:offline']);
    expect(commandSignatures('cdktf deploy/diff prod')).toEqual(['npx cdktf deploy', 'npx cdktf diff']);
    expect(commandSignatures('aws s3 rm s3://bucket --recursive')).toEqual([]);
  });

  it('read the config field column, config paths in prose, variables, prices and links', () => {
    const markdown = ['| field | type |', '|---|---|', '| `a.b` / `c` | x |', '| `d` | y |', '', '| other |'].join('\n');
    expect(tableFields(markdown, 'field')).toEqual(['a.b', 'c', 'd']);
    expect(configPaths(['dns.domain', 'state.dynamodbLockTable: true', 'cdktf.json', 'docs/architecture.svg'], ['dns', 'state'])).toEqual(['dns.domain', 'state.dynamodbLockTable']);
    expect(projectVariables('`TT_CONFIG_DIR`, TT_PROD__network__natMode=single')).toEqual(['TT_CONFIG_DIR']);
    expect(dollarAmounts('about $179 a month, $0.005/h')).toEqual(['$0.005', '$179']);
    expect(relativeLinks('![d](docs/a.svg) [en](README.md#set-up) [x](https://example.com)')).toEqual(['README.md', 'docs/a.svg']);
  });
});

describe('README.ko.md keeps in step with README.md', () => {
  const english = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const korean = readFileSync(join(ROOT, 'README.ko.md'), 'utf8');
  const en = snippets(english);
  const ko = snippets(korean);
  const enCommands = unique([...en.blocks, ...en.inline].flatMap(commandSignatures));
  const koCommands = unique([...ko.blocks, ...ko.inline].flatMap(commandSignatures));

  it('every command in the Korean code blocks is one the English README gives', () => {
    expect(missingFrom(ko.blocks.flatMap(commandSignatures), enCommands)).toEqual([]);
  });

  it('every command the English README gives is in the Korean guide', () => {
    expect(missingFrom(enCommands, koCommands)).toEqual([]);
  });

  it('every npm script either README runs exists in package.json', () => {
    const manifest: unknown = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const scripts = typeof manifest === 'object' && manifest !== null && 'scripts' in manifest && typeof manifest.scripts === 'object' && manifest.scripts !== null ? Object.keys(manifest.scripts) : [];
    const run = [...enCommands, ...koCommands].map((command) => /^npm run (\S+)/.exec(command)?.[1]).filter((script): script is string => script !== undefined);
    expect(missingFrom(run, scripts)).toEqual([]);
  });

  it('the Korean config table lists exactly the fields of the English one', () => {
    const enFields = tableFields(english, 'field');
    const koFields = tableFields(korean, '필드');
    expect(enFields.length).toBeGreaterThan(20);
    expect({ missingInKorean: missingFrom(enFields, koFields), notInEnglish: missingFrom(koFields, enFields) }).toEqual({ missingInKorean: [], notInEnglish: [] });
  });

  it('config fields the Korean prose names exist in the English README', () => {
    // The sections are those of the English table (`dns.domain` -> `dns`).
    const sections = unique(
      tableFields(english, 'field')
        .filter((field) => field.includes('.'))
        .map((field) => field.split('.')[0]),
    );
    const enCode = new Set([...en.blocks.join('\n').matchAll(/[A-Za-z.<>*]+/g)].map((match) => match[0]).concat(en.inline, configPaths(en.inline, sections)));
    expect(sections).toContain('database');
    expect(configPaths(ko.inline, sections).filter((path) => !enCode.has(path))).toEqual([]);
  });

  it('the TT_ variables match both ways', () => {
    expect({ missingInKorean: missingFrom(projectVariables(english), projectVariables(korean)), notInEnglish: missingFrom(projectVariables(korean), projectVariables(english)) }).toEqual({
      missingInKorean: [],
      notInEnglish: [],
    });
  });

  it('every price the Korean guide quotes is one the English README quotes', () => {
    expect(missingFrom(dollarAmounts(korean), dollarAmounts(english))).toEqual([]);
  });

  it('every relative link and image of the Korean guide exists, the architecture diagram among them', () => {
    const links = relativeLinks(korean);
    expect(links).toContain('docs/architecture.svg');
    expect(links.filter((target) => !existsSync(join(dirname(join(ROOT, 'README.ko.md')), target)))).toEqual([]);
  });
});

/**
 * The two guides' sections, in order: each heading of README.md and the heading of README.ko.md that
 * covers the same ground. A section added to one guide fails here until the other has it too.
 */
const SECTIONS: readonly (readonly [english: string, korean: string])[] = [
  ['## Set up', '## 준비'],
  ['## Test', '## 테스트'],
  ['### Terraform plan offline', '### 오프라인 Terraform plan'],
  ['## Deploy', '## 배포'],
  ['### First boot', '### 첫 부팅'],
  ["### The NAT instance's first boot (`network.natMode: instance`, dev)", '### NAT 인스턴스의 첫 부팅 (`network.natMode: instance`, dev)'],
  ['### Reaching an instance: SSM Session Manager', '### 인스턴스 접속: SSM Session Manager'],
  ['### When a target stays unhealthy', '### 대상이 계속 unhealthy일 때'],
  ['### What your images must expose', '### 이미지가 갖춰야 할 것'],
  ['### Destroy, and retiring prod', '### 삭제, 그리고 prod 폐기'],
  ['## When something breaks', '## 장애가 났을 때'],
  ['## Review before you deploy', '## 배포 전 리뷰'],
  ['### What the review understands', '### 리뷰가 이해하는 것'],
  ['### What dev costs, and how to stop paying', '### dev 비용과 과금 멈추기'],
  ['### Checkov: the same exceptions, as a baseline', '### Checkov: 같은 예외를 baseline으로'],
  ['## Review a change', '## 변경 리뷰'],
  ['## The workflow', '## 워크플로'],
  ['## Speed', '## 속도'],
  ['## Configuration', '## 설정'],
  ['### Environments from files', '### 파일로 환경 더 만들기'],
  ['### What is checked before AWS sees it', '### AWS에 닿기 전에 확인하는 것'],
  ["## cdktf's deprecation, and CDK Terrain", '## cdktf 지원 종료와 CDK Terrain'],
  ['## Layout', '## 구성'],
  ['## License', '## 라이선스'],
];

/** The `##` and `###` headings outside code blocks, in order. */
function headings(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').filter((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
    }
    return !fenced && /^#{2,3} /.test(line);
  });
}

describe('README.md and README.ko.md cover the same sections, in the same order', () => {
  it('README.md has exactly the English sections of the map', () => {
    expect(headings(readFileSync(join(ROOT, 'README.md'), 'utf8'))).toEqual(SECTIONS.map(([english]) => english));
  });

  it('README.ko.md has exactly their Korean counterparts', () => {
    expect(headings(readFileSync(join(ROOT, 'README.ko.md'), 'utf8'))).toEqual(SECTIONS.map(([, korean]) => korean));
  });

  it('the sections each guide cites by name exist in it', () => {
    // Prose and field-docs.ts cite sections by name, or its start ("see \"What dev costs\""): they must exist in the guide of their language.
    const english = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const korean = readFileSync(join(ROOT, 'README.ko.md'), 'utf8');
    const cited = (markdown: string, pattern: RegExp): string[] => [...markdown.matchAll(pattern)].map((match) => match[1]);
    for (const name of cited(english, /see "([^"]+)"/g)) {
      expect([name, headings(english).some((heading) => heading.replace(/^#+ /, '').startsWith(name))]).toEqual([name, true]);
    }
    for (const name of cited(korean, /"([^"]+)" 참고/g)) {
      expect([name, headings(korean).some((heading) => heading.replace(/^#+ /, '').startsWith(name))]).toEqual([name, true]);
    }
  });
});
