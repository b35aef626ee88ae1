/**
 * What the sandbox does instead of answering a request a fault rule caught. The emulator
 * behind the path never sees such a request, so a fault changes no provider state (a
 * faulted token request exchanges no code and rotates no refresh token).
 *
 * - `status`: that HTTP status with a small JSON body; `retryAfter` (seconds) adds
 *   `Retry-After` (RFC 9110 §10.2.3), e.g. `{kind: 'status', status: 503, retryAfter: 7}`.
 * - `hang`: never answers; ends when the client gives up or the sandbox closes.
 * - `reset`: destroys the TCP connection (RST) without a byte of HTTP.
 * - `non-json`: 200 with an HTML page (`text/html`), as a proxy or maintenance page would.
 * - `trickle`: 200 JSON sent `bytesPerSecond` at a time (default
 *   {@link sandboxFaultDefaults}), a body that takes five minutes to arrive in full.
 * - `huge`: 200 with a JSON body of `bytes` (default 20 MiB), streamed without a
 *   `Content-Length` and made as it is read, never held in memory whole.
 */
export type SandboxFault =
  | { kind: 'status'; status: number; retryAfter?: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'non-json' }
  | { kind: 'trickle'; bytesPerSecond?: number }
  | { kind: 'huge'; bytes?: number }

/** The name of a {@link SandboxFault}, as the request log marks a faulted request (`fault`). */
export type SandboxFaultKind = SandboxFault['kind']

/** Defaults and limits of the {@link SandboxFault} parameters. */
export const sandboxFaultDefaults = {
  /** `trickle`: bytes per second unless given. */
  trickleBytesPerSecond: 8,
  /** `trickle`: the body is sized to take this long at its rate. */
  trickleSeconds: 300,
  /** `huge`: body size unless given (20 MiB). */
  hugeBytes: 20 * 1024 * 1024,
  /** `huge`: the smallest body (it must hold the JSON around the padding). */
  hugeMinBytes: 64,
  /** `huge`: the largest body (1 GiB). */
  hugeMaxBytes: 1024 * 1024 * 1024,
  /** `trickle`: the fastest rate (1 MiB/s). */
  trickleMaxBytesPerSecond: 1024 * 1024,
} as const
