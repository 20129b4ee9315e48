// The client pair of the local Pluggy sandbox (tools/pluggy-sandbox), which
// `npm start` runs for installs with no Pluggy credentials. It only ever
// opens the sandbox on 127.0.0.1, so it is not a secret.
export const SANDBOX_CLIENT = { clientId: 'sandbox-client-id', clientSecret: 'sandbox-client-secret' } as const;
