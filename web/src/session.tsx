// The signed-in user and organization (GET /api/auth/me), shared by every page of the app shell.
import { createContext, useContext } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, ApiError } from './api.ts';
import type { Me, Role } from './types.ts';

export const meKey = ['me'] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/auth/me', undefined, { allowUnauthorized: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
}

/**
 * Forgets everything cached for the previous session except the `me` query itself (whose observers
 * must stay attached, so it is updated in place rather than removed).
 */
export function resetSessionCache(queryClient: QueryClient, me: Me | null): void {
  void queryClient.cancelQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  queryClient.setQueryData(meKey, me);
}

export const SessionContext = createContext<Me | null>(null);

/** The session inside the app shell, where it is known to exist. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession must be used inside the signed-in app shell');
  return me;
}

export function isAdminRole(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}
