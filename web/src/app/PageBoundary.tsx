// What a page shows when it cannot: its code did not load (the server was restarted, or this tab
// is older than a new release whose files replaced the ones it knows), or it broke while
// rendering. Without this React leaves a blank window. Inside the signed-in frame the navigation
// stays, and moving to another page clears the failure.
//
// A release must not break open tabs: a tab of the old release asks for files the server no longer
// has. The first such failure reloads the page once, which fetches the new index.html and with it
// the new files; only if that does not help (the files are really missing, or the network is down)
// does the page say so, with a button to reload.
import { Component, type ReactNode } from "react";

import { useDocumentTitle } from "../lib/useDocumentTitle";

// Messages of a failed import() or of Vite's preloading, in Chromium, Firefox and Safari.
const CHUNK_FAILURE = /dynamically imported module|importing a module script failed|unable to preload css/i;

export function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && CHUNK_FAILURE.test(error.message);
}

const RELOADED_AT = "shiftsync.reloaded-for-new-release";
const RELOAD_AGAIN_AFTER_MS = 60_000;

// The browser's reload, as an object so that tests can watch it.
export const browser = { reload: () => window.location.reload() };

// Reloads the page unless this tab already did so for a failed load within the last minute (then
// the files are missing whatever index.html says, and reloading again would loop). Returns whether
// it reloads.
export function reloadOnceForNewRelease(now = Date.now()): boolean {
  let last = 0;
  try {
    last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (now - last < RELOAD_AGAIN_AFTER_MS) return false;
    sessionStorage.setItem(RELOADED_AT, String(now));
  } catch {
    return false; // no storage: never risk a reload loop
  }
  browser.reload();
  return true;
}

interface Props {
  children: ReactNode;
  // When it changes (the page's path), a failure shown is forgotten and the children render again.
  resetKey?: string;
}

interface State {
  error: unknown;
  reloading: boolean;
}

export class PageBoundary extends Component<Props, State> {
  state: State = { error: null, reloading: false };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  // (React reports the error itself.)
  componentDidCatch(error: unknown) {
    if (isChunkLoadError(error) && reloadOnceForNewRelease()) this.setState({ reloading: true });
  }

  componentDidUpdate(previous: Props) {
    if (previous.resetKey !== this.props.resetKey && this.state.error !== null) {
      this.setState({ error: null, reloading: false });
    }
  }

  render() {
    if (this.state.error === null) return this.props.children;
    return <PageFailed chunk={isChunkLoadError(this.state.error)} reloading={this.state.reloading} />;
  }
}

function PageFailed({ chunk, reloading }: { chunk: boolean; reloading: boolean }) {
  const title = chunk ? "This page could not load" : "This page ran into a problem";
  useDocumentTitle(title);
  return (
    <div className="page-failed" role="alert">
      <h1>{title}</h1>
      {reloading ? (
        <p>Shift-Sync has been updated. Loading the new version…</p>
      ) : (
        <>
          <p>
            {chunk
              ? "Part of Shift-Sync could not be fetched: it may have just been updated, or the connection dropped."
              : "Something went wrong while showing this page."}
            {" "}Reloading usually fixes it; anything you saved is kept.
          </p>
          <button type="button" className="button" onClick={() => browser.reload()}>Reload the page</button>
        </>
      )}
    </div>
  );
}
