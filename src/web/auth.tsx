/** Who is signed in, shared by every page; the CSRF token is handed to the API client. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, get, post, setCsrfToken, whenSignedOut } from './api.ts';
import type { Session, User } from './types.ts';

interface AuthState {
  user: User | null;
  loading: boolean;
  signIn: (login: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    // an expired session (12 h) sends the person back to sign-in instead of showing errors everywhere
    whenSignedOut(() => setUser(null));
    return () => whenSignedOut(null);
  }, []);

  useEffect(() => {
    get<Session>('/api/auth/me')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setUser(s.user);
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401)) console.error(e);
      })
      .finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(async (login: string, password: string) => {
    const s = await post<Session>('/api/auth/login', { login, password });
    setCsrfToken(s.csrfToken);
    setUser(s.user);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await post('/api/auth/logout');
    } finally {
      setCsrfToken('');
      setUser(null);
      window.location.hash = '/';
    }
  }, []);

  return <AuthContext.Provider value={{ user, loading, signIn, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
