import type { DoorwayViteOptions } from '@doorway/bff/vite'

/**
 * The demo's own knobs for the local sandbox, from its environment: `SANDBOX_PORT` (default
 * a free port) and `SANDBOX_TOKEN_TTL_SECONDS` (the Rhombus access-token lifetime, to watch
 * refreshes; default an hour).
 */
export function demoSandboxOptions(
  env: Record<string, string | undefined>,
): DoorwayViteOptions['sandboxOptions'] {
  return {
    port: env.SANDBOX_PORT ? Number(env.SANDBOX_PORT) : 0,
    ...(env.SANDBOX_TOKEN_TTL_SECONDS
      ? { tokenTtlSeconds: Number(env.SANDBOX_TOKEN_TTL_SECONDS) }
      : {}),
  }
}
