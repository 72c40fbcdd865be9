// The configuration tables of both READMEs are generated (npm run docs) from the schema, the presets
// and src/config/field-docs.ts: each README must hold exactly what the generator writes, and the
// generator must document every field, new ones included, from the schema and presets alone.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { configTable, describeType, documentationGaps, PROJECT_SOURCE, READMES, TABLE_END, TABLE_START, withConfigTable, type TableSource } from '../../scripts/docs/config-table';

const ROOT = resolve(__dirname, '..', '..');

describe('the configuration tables of README.md and README.ko.md', () => {
  it('describe every field of the schema, and nothing else', () => {
    expect(documentationGaps()).toEqual({ undocumented: [], unknown: [] });
  });

  it.each(READMES)('$file holds the generated table (npm run docs rewrites it)', ({ file, language }) => {
    const readme = readFileSync(join(ROOT, file), 'utf8');
    expect(readme.split(TABLE_START)).toHaveLength(2);
    expect(withConfigTable(readme, configTable(language), file)).toBe(readme);
  });

  it("take the defaults from the presets: dev's lean choices and prod's, per tier where they differ", () => {
    const rows = new Map(
      configTable('en')
        .split('\n')
        .map((row) => [row.split(' | ')[0].replace(/^\| /, ''), row]),
    );
    expect(rows.get('`network.natMode`')).toMatch(/^\| `network.natMode` \| `none`, `single`, `per-az`, `instance` \| `instance` \| `per-az` \|/);
    expect(rows.get('`access.bastion.enabled`')).toMatch(/\| boolean \| `false` \| `true` \|/);
    expect(rows.get('`schedule.enabled`')).toMatch(/\| boolean \| `true` \| `false` \|/);
    expect(rows.get('`database.finalSnapshot`')).toMatch(/\| boolean \| `false` \| `true` \|/);
    expect(rows.get('`{frontend,backend}.instanceType`')).toMatch(/\| frontend `t4g.micro`, backend `t4g.small` \| frontend `t3.small`, backend `t3.medium` \|/);
    expect(rows.get('`state.key`')).toMatch(/\| unset: `<project>\/<env>\/terraform.tfstate` \| same \|/);
    expect(configTable('ko').split('\n')[0]).toBe('| 필드 | 형식 | dev | prod | 설명 |');
    expect(configTable('ko')).toContain('| `loadBalancing.topology` | `per-tier`, `shared` | `shared` | `per-tier` |');
  });
});

describe('the generator (scripts/docs/config-table.ts)', () => {
  // A field another branch adds: the table needs only its description.
  const withPaging = (docs: TableSource['docs']): TableSource => ({
    schema: PROJECT_SOURCE.schema.extend({ paging: z.strictObject({ email: z.email().optional(), cpuPercent: z.number().int().min(50).max(100) }) }),
    presets: { dev: { ...PROJECT_SOURCE.presets.dev, paging: { cpuPercent: 80 } }, prod: { ...PROJECT_SOURCE.presets.prod, paging: { cpuPercent: 70, email: 'ops@example.com' } } },
    docs,
  });

  it('refuses a field without a description, and a description without a field, naming them', () => {
    expect(() => configTable('en', withPaging(PROJECT_SOURCE.docs))).toThrow(
      'paging.email: no description in src/config/field-docs.ts (add { en, ko } for it)\npaging.cpuPercent: no description in src/config/field-docs.ts (add { en, ko } for it)',
    );
    expect(() => configTable('en', { ...PROJECT_SOURCE, docs: { ...PROJECT_SOURCE.docs, 'waf.shield': { en: 'x', ko: 'x' } } })).toThrow(
      'waf.shield: described in src/config/field-docs.ts but not a field of src/config/schema.ts',
    );
  });

  it('needs only { en, ko } for a new field: its type from the schema, its defaults from the presets', () => {
    const source = withPaging({ ...PROJECT_SOURCE.docs, 'paging.email': { en: 'who is paged', ko: '알림 받을 사람' }, 'paging.cpuPercent': { en: 'CPU alarm threshold', ko: 'CPU 경보 기준' } });
    expect(configTable('en', source).split('\n').slice(-2)).toEqual([
      '| `paging.email` | string | unset | `ops@example.com` | who is paged |',
      '| `paging.cpuPercent` | integer 50-100 | `80` | `70` | CPU alarm threshold |',
    ]);
    expect(configTable('ko', source).split('\n').slice(-1)).toEqual(['| `paging.cpuPercent` | 정수 50-100 | `80` | `70` | CPU 경보 기준 |']);
  });

  it('describes types from the schema', () => {
    expect(describeType(z.boolean(), 'en')).toBe('boolean');
    expect(describeType(z.enum(['count', 'block']).optional(), 'en')).toBe('`count`, `block`');
    expect(describeType(z.number().int().min(1), 'ko')).toBe('정수 >= 1');
    expect(describeType(z.array(z.string()), 'en')).toBe('string[]');
    expect(describeType(z.record(z.string(), z.string()), 'ko')).toBe('문자열 맵');
  });

  it('replaces only what lies between the markers, and says when they are missing', () => {
    const readme = `# x\n\n${TABLE_START}\nold\n${TABLE_END}\n\nafter\n`;
    expect(withConfigTable(readme, '| new |', 'X.md')).toBe(`# x\n\n${TABLE_START}\n| new |\n${TABLE_END}\n\nafter\n`);
    expect(() => withConfigTable('# x\n', '| new |', 'X.md')).toThrow(`X.md: the markers of the configuration table are missing (${TABLE_START} ... ${TABLE_END})`);
  });
});
