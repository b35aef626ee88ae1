import { completeRhombusAuthorization } from '@doorway/sandbox'
import { benchSettings } from './benchSettings.js'
import { runPool } from './runPool.js'

/**
 * Mints `count` authorization codes at the sandbox over HTTP, the way a user would get
 * them: each opens the console's authorize page (oauth2 dialect, the bench client, the
 * bench PKCE challenge) and presses Approve (`completeRhombusAuthorization` submits the
 * consent form), `concurrency` at a time. Each code is single use and bound to the bench
 * client, redirect URI and challenge.
 */
export async function mintCodes(
  consoleUrl: string,
  count: number,
  concurrency = 20,
): Promise<string[]> {
  return runPool(count, concurrency, async (index) => {
    const url = new URL(`${consoleUrl}/oauth/authorize`)
    url.search = new URLSearchParams({
      client_id: benchSettings.clientId,
      redirect_uri: benchSettings.redirectUri,
      response_type: 'code',
      state: `bench-state-${index}-0123456789abcdef`,
      code_challenge: benchSettings.codeChallenge,
      code_challenge_method: 'S256',
    }).toString()
    const callback = await completeRhombusAuthorization(url)
    const code = callback.searchParams.get('code')
    if (code === null) throw new Error(`The sandbox console gave no code (${callback.search}).`)
    return code
  })
}
