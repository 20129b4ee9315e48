// A Pluggy sandbox for the browser suite. Firms given the sandbox pair
// (SANDBOX_CLIENT) reach it through PLUGGY_API_URL, in this process (whose
// job workers run the syncs) and in the app server when this runs before
// startApp (the child inherits process.env). `stop` puts the variable back.
import { resetEnvCache } from '@/lib/env';
import { startPluggySandbox, type PluggySandbox, type PluggySandboxOptions } from '@/tools/pluggy-sandbox/server';

export interface BrowserPluggy {
  sandbox: PluggySandbox;
  stop: () => Promise<void>;
}

export async function startBrowserPluggy(options: PluggySandboxOptions = {}): Promise<BrowserPluggy> {
  const sandbox = await startPluggySandbox({ updateDelayMs: 5, ...options });
  const previous = process.env.PLUGGY_API_URL;
  process.env.PLUGGY_API_URL = sandbox.url;
  resetEnvCache();
  return {
    sandbox,
    stop: async () => {
      if (previous === undefined) delete process.env.PLUGGY_API_URL;
      else process.env.PLUGGY_API_URL = previous;
      resetEnvCache();
      await sandbox.close();
    },
  };
}
