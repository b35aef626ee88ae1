import {
  createRhombusApiKey,
  type DoorwayError,
  deleteRhombusApiKey,
  type RhombusApiKey,
} from '@doorway/core'
import { type UseQueryResult, useMutation, useQuery } from '@tanstack/react-query'
import { useDoorwayContext } from './DoorwayContext.js'
import { rhombusApiKeysQueryOptions } from './rhombusQueryOptions.js'
import { useRhombusLogin } from './useRhombusLogin.js'

/** What {@link useRhombusApiKeys} returns. */
export interface UseRhombusApiKeysResult {
  /** The signed-in user's keys (never the keys themselves), read while signed in. */
  query: UseQueryResult<RhombusApiKey[], DoorwayError>
  /** Mints a key from the session (like react-query's `mutate`: failures become `error`). */
  create(displayName: string): void
  /** Revokes a key at Rhombus and forgets it (through the BFF); failures become `error`. */
  remove(id: string): void
  isCreating: boolean
  isRemoving: boolean
  /** The last create or remove error, kept as state. */
  error: DoorwayError | null
}

/**
 * The signed-in user's long-lived Rhombus API keys: list, mint (`create`) and forget
 * (`remove`). The BFF mints each key with the session's token (the partner endpoint for a
 * partner account) and keeps it encrypted server-side for your server code (see
 * `rhombusApiKeys` in `@doorway/bff`); the browser only ever sees `{id, displayName,
 * createdAt, partner}`. The list is read again after each change, and goes with the session.
 *
 * @example
 * const { query, create, remove } = useRhombusApiKeys()
 * <button onClick={() => create('Nightly export')}>Create a key</button>
 * {query.data?.map((key) => <li key={key.id}>{key.displayName}
 *   <button onClick={() => remove(key.id)}>Delete</button></li>)}
 */
export function useRhombusApiKeys(): UseRhombusApiKeysResult {
  const { client, queryClient } = useDoorwayContext()
  const { isAuthenticated } = useRhombusLogin()
  const options = rhombusApiKeysQueryOptions(client)
  const query = useQuery({ ...options, enabled: isAuthenticated }, queryClient)
  const settled = () => queryClient.invalidateQueries({ queryKey: options.queryKey })
  const creating = useMutation<RhombusApiKey, DoorwayError, string>(
    { mutationFn: (name) => createRhombusApiKey(client, name), onSettled: settled },
    queryClient,
  )
  const removing = useMutation<void, DoorwayError, string>(
    { mutationFn: (id) => deleteRhombusApiKey(client, id), onSettled: settled },
    queryClient,
  )
  return {
    query,
    create: (displayName) => creating.mutate(displayName),
    remove: (id) => removing.mutate(id),
    isCreating: creating.isPending,
    isRemoving: removing.isPending,
    error: creating.error ?? removing.error,
  }
}
