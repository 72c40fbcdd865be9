import { configFor, type Overrides } from '../support/stacks';
import { configErrorOf } from './helpers';

const problemsOf = (overrides: Overrides): string => configErrorOf(() => configFor('dev', overrides));

describe('config: the app user and the IMDS hop limit (issue 18)', () => {
  it.each<[string, Overrides, RegExp]>([
    ['an app user named like the master user', { TT__database__appUsername: 'app_admin' }, /database\.appUsername: "app_admin" is the master user \(database\.username\); the app needs a user of its own/],
    ['an app user name MySQL would refuse', { TT__database__appUsername: '1app' }, /database\.appUsername: must start with a letter and hold only letters, digits and _ \(max 32\)/],
    ['a hop limit of 3', { TT__backend__imdsHopLimit: '3' }, /backend\.imdsHopLimit: must be 1 \(containers get no instance role\) or 2 \(they do\)/],
    ['a hop limit of 0', { TT__frontend__imdsHopLimit: '0' }, /frontend\.imdsHopLimit: must be 1 \(containers get no instance role\) or 2 \(they do\)/],
  ])('refuses %s with a message naming the field', (_name, overrides, expected) => {
    const message = problemsOf(overrides);
    expect(message).toMatch(expected);
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('defaults: app user `app`, hop limit 1 on both tiers, in dev and prod', () => {
    for (const environment of ['dev', 'prod']) {
      const config = configFor(environment);
      expect([config.database.appUsername, config.frontend.imdsHopLimit, config.backend.imdsHopLimit]).toEqual(['app', 1, 1]);
    }
  });
});
