import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener, type ServerType, serve } from '@hono/node-server'
import type { BffConfig } from './config/BffConfig.js'
import { createDoorwayBff, type DoorwayBff } from './createDoorwayBff.js'
import { BffError, problemResponse } from './http/BffError.js'

/** Where {@link serveDoorwayBff} listens. */
export interface ServeOptions {
  /** Default 8787; `0` picks a free port. */
  port?: number
  /** Default `localhost`. */
  hostname?: string
}

/** A running BFF server. */
export interface DoorwayBffServer {
  /** Where the BFF answers, base path included, e.g. `http://localhost:8787/bff`. */
  url: string
  port: number
  server: ServerType
  /** Stops listening and drops open connections. */
  close(): Promise<void>
}

/** Serves the BFF for `config` over HTTP with `@hono/node-server`; resolves once it listens. */
export async function serveDoorwayBff(
  config: BffConfig,
  options: ServeOptions = {},
): Promise<DoorwayBffServer> {
  const app = createDoorwayBff(config)
  const hostname = options.hostname ?? 'localhost'
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname }, () =>
      resolve(started),
    )
    started.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const host = hostname.includes(':') ? `[${hostname}]` : hostname
  const basePath = (config.basePath ?? '/bff').replace(/\/+$/, '')
  return {
    url: `http://${host}:${port}${basePath}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/**
 * The BFF as a Node `(req, res)` listener, for `node:http`, Connect or Express. It answers
 * every request it is given, so mount it at the BFF's base path:
 *
 * @example
 * const bff = createDoorwayBff(loadBffConfig(process.env))
 * expressApp.use('/bff', toNodeHandler(bff)) // Express: the original URL is used
 */
export function toNodeHandler(
  bff: DoorwayBff,
): (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => Promise<void> {
  const listener = getRequestListener(bff.fetch)
  return async (req, res) => {
    // Express strips the mount path from `req.url`; the BFF routes on the full path.
    if (req.originalUrl) req.url = req.originalUrl
    if (bodyAlreadyRead(req)) return sendProblem(res, bodyReadElsewhere())
    return listener(req, res)
  }
}

/** True when something before the BFF (a body parser) has read the request body already. */
function bodyAlreadyRead(req: IncomingMessage & { body?: unknown }): boolean {
  return req.readableEnded || req.body !== undefined
}

function bodyReadElsewhere(): BffError {
  return new BffError(
    'server_error',
    'The request body was read before the BFF saw it, by a body parser (express.json(), express.urlencoded(), body-parser…) mounted ahead of it: mount the BFF before any body parser (app.use("/bff", toNodeHandler(bff)) first).',
    { status: 500 },
  )
}

async function sendProblem(res: ServerResponse, error: BffError): Promise<void> {
  const problem = problemResponse(error)
  res.writeHead(problem.status, {
    'content-type': problem.headers.get('content-type') ?? 'application/problem+json',
    'cache-control': 'no-store',
  })
  res.end(await problem.text())
}
