/**
 * Reads `body` (a web `ReadableStream` or a Node stream) whole as UTF-8, or throws
 * `tooLarge()` as soon as it passes `maxBytes`; stopping early cancels the source.
 */
export async function readLimited(
  body: AsyncIterable<Uint8Array> | null,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  if (body === null) return ''
  const decoder = new TextDecoder()
  let text = ''
  let size = 0
  for await (const chunk of body) {
    size += chunk.byteLength
    // Leaving the loop cancels a ReadableStream and destroys a Node stream.
    if (size > maxBytes) throw tooLarge()
    text += decoder.decode(chunk, { stream: true })
  }
  return text + decoder.decode()
}
