// The outbox, a page at a time: the newest page on arrival, older pages on request, a refresh
// that keeps the older pages, and Retry for a dead message.
import { useCallback, useEffect, useState } from "react";

import { listMail, retryMail } from "../../api/endpoints";
import { appendOlder, fromPage, mergeNewest, replaceMessage, type Loaded } from "./outbox";

export type OutboxBusy = "refresh" | "older" | null;

export interface Outbox {
  loaded: Loaded | null;
  busy: OutboxBusy;
  failure: { during: "refresh" | "older"; error: unknown } | null; // the last load, if it failed
  refresh(): Promise<void>;
  loadOlder(): Promise<void>;
  retry(id: number): Promise<void>; // throws what the server refused
}

export function useOutbox(): Outbox {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [busy, setBusy] = useState<OutboxBusy>("refresh");
  const [failure, setFailure] = useState<Outbox["failure"]>(null);

  const load = useCallback(async (kind: Exclude<OutboxBusy, null>, work: () => Promise<(l: Loaded | null) => Loaded>) => {
    setBusy(kind);
    try {
      const next = await work();
      setLoaded((l) => next(l));
      setFailure(null);
    } catch (error) {
      setFailure({ during: kind, error });
    } finally {
      setBusy(null);
    }
  }, []);

  const refresh = useCallback(() => load("refresh", async () => {
    const fresh = await listMail();
    return (l) => (l ? mergeNewest(l, fresh) : fromPage(fresh));
  }), [load]);

  const cursor = loaded?.nextCursor;
  const loadOlder = useCallback(async () => {
    if (!cursor) return;
    await load("older", async () => {
      const older = await listMail(cursor);
      return (l) => appendOlder(l ?? { messages: [], nextCursor: null }, older);
    });
  }, [load, cursor]);

  const retry = useCallback(async (id: number) => {
    const message = await retryMail(id);
    setLoaded((l) => (l ? replaceMessage(l, message) : l));
    await refresh();
  }, [refresh]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { loaded, busy, failure, refresh, loadOlder, retry };
}
