import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

/** The part of jose's API the bare server uses (typed here: the bench does not depend on jose). */
export interface JoseDecrypt {
  jwtDecrypt(
    jwt: string,
    key: Uint8Array,
    options: {
      keyManagementAlgorithms: string[]
      contentEncryptionAlgorithms: string[]
      requiredClaims: string[]
    },
  ): Promise<{ payload: Record<string, unknown> }>
}

/**
 * The `jose` the BFF itself uses (resolved from packages/bff, the bench package does not
 * depend on it), so that the bare server decrypts cookies with exactly the same library
 * and version as the BFF it is compared with.
 */
export async function loadJose(): Promise<JoseDecrypt> {
  const require = createRequire(new URL('../packages/bff/package.json', import.meta.url))
  return (await import(pathToFileURL(require.resolve('jose')).href)) as JoseDecrypt
}
