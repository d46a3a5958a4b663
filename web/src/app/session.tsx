// Who is signed in, for the whole app. The session itself is the server's HttpOnly cookie; this
// only remembers the person and organisation it belongs to, loaded from GET /me at start. When the
// session ends under a signed-in page, the person signs in again in place (SignInAgain) and the
// request that met the end is sent again; only if they decline does the app go to sign-in.
import {
  createContext, startTransition, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode,
} from "react";

import { ApiError, setSessionEndedHandler } from "../api/client";
import { getMe, getOrganization, logout } from "../api/endpoints";
import type { Organization, Session, User } from "../api/types";
import { SignInAgain } from "./SignInAgain";

export type SessionState =
  | { status: "loading" }
  // expired: the session ended under a page (sign in and return to it); signed-out: the person
  // signed out (the next one at this device starts afresh, not on their last page).
  | { status: "signed-out"; reason?: "expired" | "signed-out" }
  | { status: "signed-in"; me: User; organization: Organization };

interface SessionApi {
  state: SessionState;
  // After register or login: the answer carries the person and the organisation.
  signedIn(session: Session): void;
  signOut(): Promise<void>;
  // After the person or organisation changed (profile edits, picture).
  setMe(me: User): void;
  setOrganization(organization: Organization): void;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const current = useRef(state);
  current.current = state;
  // While the person is asked to sign in again: the email asked for, and the answer every request
  // that met the end of the session waits for.
  const [renewing, setRenewing] = useState<string | null>(null);
  const renewal = useRef<{ answer: Promise<boolean>; settle(renewed: boolean): void } | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [me, organization] = await Promise.all([getMe(), getOrganization()]);
      // A transition: React keeps "Loading your session" up while the page's code arrives instead
      // of committing the Suspense fallback, which it would keep for at least 300 ms.
      startTransition(() => setState({ status: "signed-in", me, organization }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: "signed-out" });
      else throw error;
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setState({ status: "signed-out" }));
    // Only a session that existed can end: the 401 of a first visit's GET /me is not "expired".
    setSessionEndedHandler(() => {
      const now = current.current;
      if (now.status !== "signed-in") return Promise.resolve(false);
      if (!renewal.current) {
        let settle: (renewed: boolean) => void = () => {};
        const answer = new Promise<boolean>((resolve) => { settle = resolve; });
        renewal.current = { answer, settle };
        setRenewing(now.me.email ?? "");
      }
      return renewal.current.answer;
    });
    return () => setSessionEndedHandler(null);
  }, [refresh]);

  const renewed = useCallback((session: Session | null) => {
    const waiting = renewal.current;
    renewal.current = null;
    setRenewing(null);
    if (session) setState({ status: "signed-in", me: session.user, organization: session.organization });
    else setState((s) => (s.status === "signed-in" ? { status: "signed-out", reason: "expired" } : s));
    waiting?.settle(session !== null);
  }, []);

  const api = useMemo<SessionApi>(() => ({
    state,
    signedIn: (session) => setState({ status: "signed-in", me: session.user, organization: session.organization }),
    signOut: async () => {
      try {
        await logout();
      } finally {
        setState({ status: "signed-out", reason: "signed-out" });
      }
    },
    setMe: (me) => setState((s) => (s.status === "signed-in" ? { ...s, me } : s)),
    setOrganization: (organization) =>
      setState((s) => (s.status === "signed-in" ? { ...s, organization } : s)),
    refresh,
  }), [state, refresh]);

  return (
    <SessionContext.Provider value={api}>
      {children}
      {renewing !== null && <SignInAgain email={renewing} onDone={renewed} />}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error("useSession outside SessionProvider");
  return api;
}

// The signed-in person and organisation. REQUIRES: rendered inside a signed-in route.
export function useSignedIn(): { me: User; organization: Organization; isManager: boolean } {
  const { state } = useSession();
  if (state.status !== "signed-in") throw new Error("useSignedIn outside a signed-in route");
  return { me: state.me, organization: state.organization, isManager: state.me.role !== "employee" };
}
