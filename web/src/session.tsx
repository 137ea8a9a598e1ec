/** Who is signed in (if anyone), shared by the header and the pages. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type SessionUser } from './api.ts';

interface SessionState {
  /** undefined while the first answer is on its way. */
  user: SessionUser | null | undefined;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState>({
  user: null,
  login: async () => {},
  logout: async () => {},
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    api.session().then(
      (s) => setUser(s.user),
      () => setUser(null),
    );
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const s = await api.login(username, password);
    setUser(s.user);
  }, []);

  const logout = useCallback(async () => {
    await api.logout();
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, login, logout }), [user, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);
