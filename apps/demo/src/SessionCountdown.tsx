import { useSessionExpiry } from '@doorway/react'

const clock = (ms: number) => {
  const seconds = Math.ceil(ms / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** The session's remaining lifetime, ticking; the session ends by itself at zero, in every tab. */
export function SessionCountdown() {
  const { expiresAt, remainingMs } = useSessionExpiry()
  if (expiresAt === undefined || remainingMs === undefined) return null
  return (
    <>
      {' · session ends in '}
      <time dateTime={new Date(expiresAt).toISOString()} data-testid="session-remaining">
        {clock(remainingMs)}
      </time>
    </>
  )
}
