import type { Page } from 'playwright-core'
import type { RunningDemo } from './demo.js'

export const signInButton = (page: Page) =>
  page.getByRole('button', { name: 'Sign in with Rhombus' })
export const usersList = (page: Page) =>
  page.getByRole('list', { name: 'Users in your organisation' })

/** Clicks a button on a provider page (the sandbox's console, Envoy or a popup). */
export async function decide(page: Page, decision: string) {
  await page.getByRole('button', { name: decision, exact: true }).click()
}

/** Signs in to the demo with Rhombus by redirect, through the sandbox's console. */
export async function signIn(page: Page, demo: RunningDemo, decision = 'Approve') {
  await page.goto(demo.url)
  await signInButton(page).click()
  await page.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
  await decide(page, decision)
}

/**
 * `count` concurrent `POST /bff/rhombus/api/user/getUsersInOrg` from `page` (as the Doorway
 * client sends them: CSRF header, JSON), and their statuses.
 */
export function proxiedCallsFromPage(page: Page, count: number): Promise<number[]> {
  return page.evaluate(
    (n) =>
      Promise.all(
        Array.from({ length: n }, () =>
          fetch('/bff/rhombus/api/user/getUsersInOrg', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-doorway-csrf': '1' },
            body: '{}',
          }).then((response) => response.status),
        ),
      ),
    count,
  )
}
