/**
 * A JSON response that no cache keeps: token responses must not be stored (RFC 6749
 * §5.1), and the sandbox's other answers carry user data.
 */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return Response.json(body, {
    status,
    headers: { 'cache-control': 'no-store', pragma: 'no-cache', ...headers },
  })
}
