import { describe, expect, it } from 'vitest'
import { BffError, problemDetails, problemResponse } from './BffError.js'

describe('problemResponse', () => {
  it('is application/problem+json with the problem document', async () => {
    const error = new BffError('timeout', 'The upstream did not answer within 1000 ms.')
    const response = problemResponse(error, { allow: 'GET' })
    expect(response.status).toBe(504)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(response.headers.get('allow')).toBe('GET')
    expect(response.headers.get('retry-after')).toBeNull()
    expect(await response.json()).toEqual(problemDetails(error))
  })

  it('carries Retry-After when the error asks for a wait, and only in the header', async () => {
    const error = new BffError('upstream_unavailable', 'down', { status: 503, retryAfter: 7 })
    const response = problemResponse(error)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('7')
    expect(await response.json()).toEqual({
      type: 'urn:doorway:problem:upstream_unavailable',
      title: 'Service Unavailable',
      status: 503,
      code: 'upstream_unavailable',
      detail: 'down',
      hint: expect.any(String),
    })
  })

  it('sends Retry-After: 0 too', () => {
    const error = new BffError('upstream_unavailable', 'down', { status: 503, retryAfter: 0 })
    expect(problemResponse(error).headers.get('retry-after')).toBe('0')
  })
})
