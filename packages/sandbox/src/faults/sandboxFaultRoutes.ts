import { Hono } from 'hono'
import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import type { SandboxFaults } from './createSandboxFaults.js'
import { parseSandboxFaultRule } from './parseSandboxFaultRule.js'

/**
 * The fault controls (under `/__sandbox/faults`; control routes are never faulted):
 * - `POST /` with a rule (`{method, path, provider?, role?, fault, probability?, times?}`,
 *   see `SandboxFaultRuleInput`) → 201 with the rule and its `id`; an invalid rule is 400
 *   `{error: 'invalid_fault_rule', error_description}` and adds nothing;
 * - `GET /` → `{rules: [...]}`, oldest first, with `hits` and `remaining`;
 * - `DELETE /` → `{deleted: n}`, every rule gone;
 * - `DELETE /:id` → 204, or 404 `not_found` for an unknown id.
 */
export function sandboxFaultRoutes(faults: SandboxFaults): Hono {
  return new Hono()
    .post('/', async (c) => {
      const body = parseJsonObject(await c.req.text())
      const rule = parseSandboxFaultRule(body)
      if (typeof rule === 'string') {
        return jsonResponse({ error: 'invalid_fault_rule', error_description: rule }, 400)
      }
      return jsonResponse(faults.add(rule), 201)
    })
    .get('/', () => jsonResponse({ rules: faults.list() }))
    .delete('/', () => jsonResponse({ deleted: faults.clear() }))
    .delete('/:id', (c) =>
      faults.remove(c.req.param('id'))
        ? new Response(null, { status: 204 })
        : jsonResponse(
            { error: 'not_found', error_description: 'No fault rule has this id.' },
            404,
          ),
    )
}
