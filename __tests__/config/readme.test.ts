import { readFileSync } from 'node:fs';
import { configFor } from '../support/stacks';

/** Dotted paths of every leaf field, with record and array contents left out. */
function leafFields(value: unknown, path: string[] = []): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ['tags', 'environment'].includes(path[path.length - 1] ?? '')) {
    return [path.join('.')];
  }
  return Object.entries(value).flatMap(([key, child]) => leafFields(child, [...path, key]));
}

describe('README configuration reference', () => {
  const readme = readFileSync('README.md', 'utf8');
  const config = configFor('prod', { TT__network__subnets__db__cidrs: '["10.0.200.0/24","10.0.201.0/24"]', TT__access__bastion__keyName: 'ops', TT_PROD__dns__hostedZoneId: 'Z0123456789ABC' });

  it.each(leafFields(config).filter((field) => field !== 'environment'))('documents %s', (field) => {
    // Tier fields are documented once as `frontend.*`, `backend.*` and `network.subnets.<tier>.*`.
    const leaf = field.split('.').pop() ?? field;
    expect(readme).toMatch(new RegExp(`\`(${field.replace(/\./g, '\\.')}|[a-zA-Z.<>*]*${leaf})\``));
  });
});
