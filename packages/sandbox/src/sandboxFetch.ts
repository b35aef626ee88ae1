/**
 * How one emulated provider calls another server to server (Rhombus and Versori
 * exchanging an Envoy code): a request dispatched to the sandbox app itself, in-process,
 * so it passes the same checks and lands in the request log like any other.
 */
export type SandboxFetch = (request: Request) => Promise<Response>
