// Which Chromium the browser suite drives (through playwright-core, which
// must never download one): CHROMIUM_PATH when set, else `chromium` on the
// PATH or in the usual places (Debian's /usr/bin/chromium). Nothing can be
// started in its place, so with none the browser suite skips — or, under
// CI=true, the run fails. Same rule as Redis (test/harness/select.ts).
import { defaultSearchPath, findExecutable, isExecutableFile } from '@/test/harness/executables';
import { choose, isCi, type Service } from '@/test/harness/select';

const CHROMIUM: Service = {
  name: 'Chromium',
  suites: 'browser suites',
  enable: 'Install Chromium (`apt-get install chromium`) or set CHROMIUM_PATH to its executable',
};

export type ChromiumSelection =
  | { source: 'CHROMIUM_PATH' | 'local'; executablePath: string; summary: string }
  | { source: 'none'; executablePath: null; summary: string };

export interface ChromiumOptions {
  /** An explicitly provided executable (default: CHROMIUM_PATH); it replaces the search. */
  path?: string | null;
  searchPath?: string[];
  ci?: boolean;
}

/** Throws, with the reason and the remedy, when there is no Chromium under CI. */
export function selectChromium(options: ChromiumOptions = {}): ChromiumSelection {
  const path = options.path === undefined ? process.env.CHROMIUM_PATH || null : options.path;
  const searchPath = options.searchPath ?? defaultSearchPath();
  const tried: string[] = [];
  let given: string | undefined;
  let local: string | undefined;
  if (path) {
    if (isExecutableFile(path)) given = path;
    else tried.push(`CHROMIUM_PATH ${path} is not an executable file`);
  } else {
    local = findExecutable(['chromium', 'chromium-browser'], searchPath);
    if (!local) tried.push(searchPath.length ? `no chromium in ${searchPath.join(':')}` : 'no chromium (empty search path)');
  }

  const choice = choose<string, never>(CHROMIUM, { given, local, tried }, { ci: options.ci ?? isCi() });
  switch (choice.action) {
    case 'use':
      return choice.source === 'given'
        ? { source: 'CHROMIUM_PATH', executablePath: choice.value, summary: `[test] Chromium from CHROMIUM_PATH (${choice.value})` }
        : { source: 'local', executablePath: choice.value, summary: `[test] Chromium at ${choice.value}` };
    case 'skip':
      return { source: 'none', executablePath: null, summary: choice.message };
    case 'start':
      return choice.value; // of type never: nothing is started in Chromium's place
    case 'fail':
      throw new Error(choice.message);
  }
}
