/** Changes of one kind, heard in this tab and in the app's other tabs. */
export interface Broadcast<T> {
  /** Tells this tab's listeners now, and the other tabs' through the channel; returns `value`. */
  emit(value: T): T
  /** Listens to changes from this tab and the others; returns the unsubscribe. */
  subscribe(listener: (value: T) => void): () => void
}

const channel = () =>
  typeof BroadcastChannel === 'function' ? new BroadcastChannel('doorway') : undefined

/**
 * Creates a {@link Broadcast} of messages `{type, value}` on `BroadcastChannel('doorway')`
 * (the session's is `doorway:session`). The channel is open only while someone listens;
 * without `BroadcastChannel` (SSR, old browsers) only this tab hears.
 */
export function createBroadcast<T>(type: string): Broadcast<T> {
  const listeners = new Set<(value: T) => void>()
  let ch: BroadcastChannel | undefined
  const notify = (value: T) => {
    for (const listener of listeners) listener(value)
  }
  return {
    emit(value) {
      notify(value)
      const c = ch ?? channel()
      c?.postMessage({ type, value })
      if (c !== ch) c?.close()
      return value
    },
    subscribe(listener) {
      listeners.add(listener)
      if (!ch) {
        ch = channel()
        if (ch) ch.onmessage = (e) => e.data?.type === type && notify(e.data.value)
      }
      return () => {
        listeners.delete(listener)
        if (!listeners.size) {
          ch?.close()
          ch = undefined
        }
      }
    },
  }
}
