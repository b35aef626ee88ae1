import { fromBase64url, toBase64url } from '../crypto/randomToken.js'

/**
 * Seals and opens the secret part of stored credentials. `context` (the record's kind and
 * id) is bound to the ciphertext as additional data, so a sealed value copied to another
 * record does not open.
 */
export interface CredentialCipher {
  seal(plaintext: string, context: string): Promise<string>
  open(sealed: string, context: string): Promise<string>
}

/** A stored value that does not open under this BFF's key (another `DOORWAY_ENCRYPTION_KEY`, or tampered with). */
export class CredentialDecryptionError extends Error {
  override readonly name = 'CredentialDecryptionError'
}

/**
 * The HKDF `info` of the credential store's key: distinct from every other key the BFF
 * derives (session cookies are sealed under SHA-256 of the session secret), so the same
 * secret never yields the same key twice.
 */
export const credentialKeyInfo = 'doorway/credential-store/v1 AES-256-GCM'

const format = 'v1'
const ivBytes = 12

/**
 * A {@link CredentialCipher}: AES-256-GCM with a fresh 96-bit IV per value, under a key
 * derived from `secret` with HKDF-SHA-256 ({@link credentialKeyInfo}). `secret` is
 * `DOORWAY_ENCRYPTION_KEY` (at least 32 characters) or, when that is not set,
 * `SESSION_SECRET`; raw key bytes work too. Sealed values read `v1.<base64url(iv ‖ ciphertext ‖ tag)>`.
 */
export function createCredentialCipher(secret: string | Uint8Array): CredentialCipher {
  const material = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret
  const key = (async () => {
    const ikm = await crypto.subtle.importKey('raw', material as BufferSource, 'HKDF', false, [
      'deriveKey',
    ])
    return crypto.subtle.deriveKey(
      {
        name: 'HKDF',
        hash: 'SHA-256',
        salt: new Uint8Array(32),
        info: new TextEncoder().encode(credentialKeyInfo),
      },
      ikm,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    )
  })()
  const additionalData = (context: string) => new TextEncoder().encode(context)

  return {
    async seal(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(ivBytes))
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: additionalData(context) },
        await key,
        new TextEncoder().encode(plaintext),
      )
      const sealed = new Uint8Array(ivBytes + ciphertext.byteLength)
      sealed.set(iv)
      sealed.set(new Uint8Array(ciphertext), ivBytes)
      return `${format}.${toBase64url(sealed)}`
    },

    async open(sealed, context) {
      const [version, payload] = sealed.split('.')
      if (version !== format || payload === undefined) {
        throw new Error('A stored credential is not in a format this BFF can read.')
      }
      try {
        const bytes = fromBase64url(payload)
        const plaintext = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.slice(0, ivBytes), additionalData: additionalData(context) },
          await key,
          bytes.slice(ivBytes),
        )
        return new TextDecoder().decode(plaintext)
      } catch (cause) {
        throw new CredentialDecryptionError(
          'A stored credential could not be decrypted: DOORWAY_ENCRYPTION_KEY (or SESSION_SECRET, when it stands in) is not the one it was stored with.',
          { cause },
        )
      }
    },
  }
}
