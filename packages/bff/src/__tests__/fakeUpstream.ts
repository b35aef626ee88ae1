import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'

/** A real HTTP server on 127.0.0.1 whose behaviour each test decides; records every request. */
export async function fakeUpstream(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
) {
  const requests: {
    method: string
    url: string
    headers: IncomingMessage['headers']
    body: string
  }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      handle(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * `fakeUpstream` for one test file: call at its top level; every server a test starts
 * with the returned function is closed after that test.
 */
export function fakeUpstreamsPerTest(): typeof fakeUpstream {
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()))
  })
  return async (handle) => {
    const server = await fakeUpstream(handle)
    closers.push(server.close)
    return server
  }
}
