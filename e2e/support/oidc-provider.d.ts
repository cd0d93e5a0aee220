// The few parts of `oidc-provider` (which ships no types) that support/oidc.ts uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

  type Grant = { addOIDCScope(scope: string): void; save(): Promise<string> };
  type Context = {
    oidc: {
      session?: { accountId?: string };
      client?: { clientId: string };
      provider: { Grant: new (init: { clientId: string; accountId: string }) => Grant };
    };
  };
  export type Configuration = {
    clients: Record<string, unknown>[];
    claims?: Record<string, string[]>;
    conformIdTokenClaims?: boolean;
    features?: Record<string, unknown>;
    interactions?: { url: (ctx: Context, interaction: { uid: string }) => string };
    cookies?: { keys: string[] };
    findAccount: (
      ctx: Context,
      sub: string,
    ) => { accountId: string; claims: () => Record<string, unknown> } | Promise<unknown>;
    loadExistingGrant?: (ctx: Context) => Promise<Grant | undefined>;
  };
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    Grant: Context['oidc']['provider']['Grant'];
    callback(): RequestListener;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string }>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }
}
