// The browser suite's choice of Chromium, on real files: an executable named
// chromium in a folder of the search path, as a Debian install leaves it.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectChromium } from '@/test/harness/chromium';

const dir = mkdtempSync(join(tmpdir(), 'concilia-chromium-test-'));
const bin = join(dir, 'bin');
const browser = join(bin, 'chromium');
const notExecutable = join(dir, 'chromium-data');
mkdirSync(bin);
writeFileSync(browser, '#!/bin/sh\nexit 0\n');
chmodSync(browser, 0o755);
writeFileSync(notExecutable, 'not a program');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('which Chromium the browser suite uses', () => {
  it('finds chromium in the search path', () => {
    expect(selectChromium({ path: null, searchPath: [join(dir, 'nowhere'), bin], ci: true })).toMatchObject({
      source: 'local',
      executablePath: browser,
    });
  });

  it('uses CHROMIUM_PATH when it is an executable, instead of searching', () => {
    expect(selectChromium({ path: browser, searchPath: [], ci: true })).toMatchObject({ source: 'CHROMIUM_PATH', executablePath: browser });
  });

  it('with a CHROMIUM_PATH that is not an executable, says so rather than using another', () => {
    const s = selectChromium({ path: notExecutable, searchPath: [bin], ci: false });
    expect(s).toMatchObject({ source: 'none', executablePath: null });
    expect(s.summary).toContain(`CHROMIUM_PATH ${notExecutable} is not an executable file`);
  });

  it('with none possible outside CI, skips the browser suites with one line saying how to enable them', () => {
    const s = selectChromium({ path: null, searchPath: [], ci: false });
    expect(s.source).toBe('none');
    expect(s.summary).not.toContain('\n');
    expect(s.summary).toMatch(/SKIPPING the browser suites: no Chromium .*apt-get install chromium.*CHROMIUM_PATH/);
  });

  it('with none possible under CI, fails', () => {
    expect(() => selectChromium({ path: null, searchPath: [], ci: true })).toThrow(/CI=true needs Chromium/);
  });
});
