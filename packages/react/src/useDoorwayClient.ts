import type { DoorwayClient } from '@doorway/core'
import { useDoorwayContext } from './DoorwayContext.js'

/**
 * The provider's Doorway client, for calls the hooks do not cover. Throws when there is
 * no `<DoorwayProvider>` above the component, with a message that says how to add one.
 */
export function useDoorwayClient(): DoorwayClient {
  return useDoorwayContext().client
}
