// Whether a CSS media query matches now, following changes (a phone turned, a window resized).
// null where the browser cannot tell (no matchMedia, as in jsdom): render for both cases and let
// the stylesheet's own media query choose.
import { useCallback, useSyncExternalStore } from "react";

export function useMediaQuery(query: string): boolean | null {
  const subscribe = useCallback((onChange: () => void) => {
    if (typeof window.matchMedia !== "function") return () => {};
    const list = window.matchMedia(query);
    list.addEventListener("change", onChange);
    return () => list.removeEventListener("change", onChange);
  }, [query]);
  return useSyncExternalStore(subscribe, () => (typeof window.matchMedia === "function" ? window.matchMedia(query).matches : null));
}
