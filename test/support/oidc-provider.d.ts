// The part of oidc-provider (v9, which ships no types) that test/support/oidcProvider.ts uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  /** An oidc-provider instance: a Koa application serving one issuer. */
  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>)
    readonly issuer: string
    /** The request listener for `node:http`. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    on(event: string, listener: (...args: unknown[]) => void): this
  }
}
