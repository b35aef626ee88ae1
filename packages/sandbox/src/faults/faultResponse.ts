import type { HttpBindings } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { type SandboxFault, sandboxFaultDefaults } from './SandboxFault.js'

/**
 * The header on every answer a fault makes up (`x-sandbox-fault: <kind>`), so a person
 * reading a trace sees it was the sandbox's doing. No provider sends it; clients must not
 * look at it (the BFF does not).
 */
export const sandboxFaultHeader = 'x-sandbox-fault'

/**
 * How a fault answer that lasts (a hang, a trickle, a huge body) tells its fault table it
 * is in flight: `open(end)` registers `end` (called to stop it when the sandbox closes) and
 * returns the function to call once it is over by itself.
 */
export interface FaultLifetime {
  open(end: () => void): () => void
}

const maintenancePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Service maintenance</title></head>
<body><h1>We'll be right back</h1><p>This service is down for maintenance.</p>
<!-- x-sandbox-fault: non-json --></body></html>
`
const encoder = new TextEncoder()

/**
 * The answer to a faulted request. `env` is what the server adapter passed the app:
 * with `@hono/node-server` it is `{incoming, outgoing}` (`c.env`), which `reset` needs to
 * destroy the socket and `hang` needs to learn that the client gave up; the node adapter
 * then writes nothing for the returned `RESPONSE_ALREADY_SENT`. Without it (`app.request`,
 * a request the sandbox dispatches to itself) `reset` is a 502 marked `reset`, and `hang`
 * waits for the request's `signal` or the sandbox's close, then answers a 502 marked
 * `hang`: the sandbox's own dispatch turns both into a network error.
 */
export function faultResponse(
  fault: SandboxFault,
  request: Request,
  env: unknown,
  lifetime: FaultLifetime,
): Response | Promise<Response> {
  const node = nodeBindings(env)
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    [sandboxFaultHeader]: fault.kind,
  }
  switch (fault.kind) {
    case 'status': {
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter)
      return Response.json(
        {
          error: 'sandbox_fault',
          error_description: `The sandbox answered HTTP ${fault.status} on purpose (a fault rule).`,
        },
        { status: fault.status, headers },
      )
    }
    case 'non-json':
      return new Response(maintenancePage, {
        headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
      })
    case 'reset':
      if (node === undefined) return new Response(null, { status: 502, headers })
      resetSocket(node)
      return RESPONSE_ALREADY_SENT
    case 'hang':
      return hang(request, node, lifetime, headers)
    case 'trickle': {
      const rate = fault.bytesPerSecond ?? sandboxFaultDefaults.trickleBytesPerSecond
      const chunk = Math.max(1, Math.floor(rate / 4))
      const total = Math.max(
        sandboxFaultDefaults.hugeMinBytes,
        rate * sandboxFaultDefaults.trickleSeconds,
      )
      return jsonStream(
        generatedBody(total, chunk, 'trickle', lifetime, node, (1000 * chunk) / rate),
      )
    }
    case 'huge': {
      const total = fault.bytes ?? sandboxFaultDefaults.hugeBytes
      return jsonStream(generatedBody(total, 64 * 1024, 'huge', lifetime, node))
    }
  }

  function jsonStream(body: ReadableStream<Uint8Array>): Response {
    // No content-length: a client must hold its limit while reading, not trust a header.
    return new Response(body, { headers: { ...headers, 'content-type': 'application/json' } })
  }
}

function nodeBindings(env: unknown): HttpBindings | undefined {
  if (typeof env !== 'object' || env === null) return undefined
  const { incoming, outgoing } = env as Partial<HttpBindings>
  // HTTP/1 only: an HTTP/2 request has no socket of its own to reset.
  return incoming?.socket !== undefined && outgoing !== undefined && !('stream' in incoming)
    ? { incoming, outgoing }
    : undefined
}

/** RST rather than FIN where the platform can, so the client sees ECONNRESET. */
function resetSocket(node: HttpBindings): void {
  const socket = node.incoming.socket
  try {
    socket.resetAndDestroy()
  } catch {
    socket.destroy()
  }
}

function hang(
  request: Request,
  node: HttpBindings | undefined,
  lifetime: FaultLifetime,
  headers: Record<string, string>,
): Promise<Response> {
  return new Promise<Response>((resolve) => {
    let over = false
    let done = () => {}
    const end = () => {
      if (over) return
      over = true
      done()
      if (node !== undefined) {
        node.outgoing.off('close', end)
        // When the sandbox closes first, the client learns it as a dropped connection.
        if (!node.incoming.socket.destroyed) node.incoming.socket.destroy()
        resolve(RESPONSE_ALREADY_SENT)
      } else {
        request.signal.removeEventListener('abort', end)
        resolve(new Response(null, { status: 502, headers }))
      }
    }
    done = lifetime.open(end)
    if (node !== undefined) {
      if (node.incoming.socket.destroyed) return end()
      node.outgoing.once('close', end)
    } else {
      if (request.signal.aborted) return end()
      request.signal.addEventListener('abort', end)
    }
  })
}

/**
 * A body of exactly `total` bytes, `{"sandbox":"<label>","padding":"xxx…"}` (valid JSON
 * when complete), made `chunk` bytes at a time as it is read, the first at once and each
 * next one `delayMs` later when given. Cancelling it (the client went away) or closing
 * the sandbox stops it; closing drops the connection, so the client sees a cut body and
 * never a complete one.
 */
function generatedBody(
  total: number,
  chunk: number,
  label: string,
  lifetime: FaultLifetime,
  node: HttpBindings | undefined,
  delayMs?: number,
): ReadableStream<Uint8Array> {
  const head = encoder.encode(`{"sandbox":"${label}","padding":"`)
  const tail = encoder.encode('"}')
  const padding = new Uint8Array(chunk).fill(0x78)
  const slice = (from: number, to: number): Uint8Array => {
    const inPadding = from >= head.length && to <= total - tail.length
    if (inPadding) return padding.subarray(0, to - from)
    const out = new Uint8Array(to - from).fill(0x78)
    if (from < head.length) out.set(head.subarray(from, Math.min(head.length, to)))
    const tailStart = total - tail.length
    if (to > tailStart) {
      const start = Math.max(from, tailStart)
      out.set(tail.subarray(start - tailStart, to - tailStart), start - from)
    }
    return out
  }

  let sent = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let done = () => {}
  return new ReadableStream<Uint8Array>({
    start(controller) {
      done = lifetime.open(() => {
        clearTimeout(timer)
        // The node adapter would log a stream error and end the body with its text.
        if (node !== undefined) return node.incoming.socket.destroy()
        try {
          controller.error(new Error('The sandbox closed while sending a fault body.'))
        } catch {
          // Already closed or errored.
        }
      })
    },
    pull(controller) {
      const next = () => {
        const end = Math.min(total, sent + chunk)
        controller.enqueue(slice(sent, end))
        sent = end
        if (sent === total) {
          controller.close()
          done()
        }
      }
      if (delayMs === undefined || sent === 0) return next()
      return new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          next()
          resolve()
        }, delayMs)
      })
    },
    cancel() {
      clearTimeout(timer)
      done()
    },
  })
}
