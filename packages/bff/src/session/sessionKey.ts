/** The AES-256-GCM key that seals session cookies: SHA-256 of the session secret. */
export async function sessionKey(secret: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)))
}
