import { describe, expect, it } from 'vitest';
import { choose, isCi, type Service } from '@/test/harness/select';

const SERVICE: Service = { name: 'Thing', suites: 'thing suites', enable: 'Install thing' };
const tried = ['nothing at a', 'no thing in /x'];

describe('choosing a service for the tests', () => {
  it('prefers what was provided, then what is here, then starting one', () => {
    expect(choose(SERVICE, { given: 'g', local: 'l', startable: 's', tried }, { ci: false })).toEqual({ action: 'use', source: 'given', value: 'g' });
    expect(choose(SERVICE, { local: 'l', startable: 's', tried }, { ci: true })).toEqual({ action: 'use', source: 'local', value: 'l' });
    expect(choose(SERVICE, { startable: 's', tried }, { ci: true })).toEqual({ action: 'start', value: 's' });
  });

  it('with none, skips outside CI with one line naming what was tried and the remedy', () => {
    const choice = choose(SERVICE, { tried }, { ci: false });
    expect(choice.action).toBe('skip');
    const { message } = choice as { message: string };
    expect(message).not.toContain('\n');
    expect(message).toContain('SKIPPING the thing suites');
    expect(message).toContain('nothing at a; no thing in /x');
    expect(message).toContain('Install thing');
  });

  it('with none, fails under CI', () => {
    const choice = choose(SERVICE, { tried }, { ci: true });
    expect(choice).toEqual({ action: 'fail', message: expect.stringContaining('CI=true needs Thing') });
    expect((choice as { message: string }).message).toContain('nothing at a; no thing in /x');
  });

  it('reads CI as CI services set it', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
  });
});
