/** What a bench child answers one IPC question of a given `type` with. */
export type IpcHandler = (question: Record<string, unknown>) => unknown

/**
 * The child side of `startChild`: announces `url` to the parent and answers each
 * `{type, id}` question with `handlers[type]` (awaited), as `{id, reply}`. An unknown type
 * is answered `{error}`. Needs the IPC channel `startChild` opens.
 */
export function answerIpc(url: string, handlers: Record<string, IpcHandler>): void {
  const send = process.send?.bind(process)
  if (send === undefined) throw new Error('No IPC channel: start this script with startChild.')
  process.on('message', async (question: Record<string, unknown>) => {
    const handler = typeof question.type === 'string' ? handlers[question.type] : undefined
    const reply =
      handler === undefined
        ? { error: `unknown question ${String(question.type)}` }
        : await handler(question)
    send({ id: question.id, reply })
  })
  // The driver is gone (finished or killed): so is this server, never left behind.
  process.once('disconnect', () => process.exit(0))
  send({ type: 'listening', url })
}
