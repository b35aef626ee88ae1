import type { Logger } from './Logger.js'

/** The default {@link Logger}: `info`, `warn` and `error` to the console; `debug` is dropped. */
export const consoleLogger: Logger = {
  debug() {},
  info: (message, fields) => console.info(message, ...(fields ? [fields] : [])),
  warn: (message, fields) => console.warn(message, ...(fields ? [fields] : [])),
  error: (message, fields) => console.error(message, ...(fields ? [fields] : [])),
}
