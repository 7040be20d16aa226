import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Permission } from '../../../src/core/security/roles.ts';
import type { Session } from '../api/types.ts';

interface AuthValue {
  session: Session;
  can: (permission: Permission) => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ session, children }: { session: Session; children: ReactNode }) {
  const value = useMemo<AuthValue>(() => {
    const granted = new Set<string>(session.permissions);
    return { session, can: (permission) => granted.has(permission) };
  }, [session]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside the authenticated layout');
  return value;
}

/** Only a same-site path may be used as the page to return to after login. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
