// The browser tab's title names the page ("Schedule · Shift-Sync"), so that tabs, history and a
// screen reader's announcement on arrival tell pages apart (WCAG 2.4.2). PageHeader and AuthFrame
// set it from their heading, so a page with either has its own title without further work.
import { useEffect } from "react";

export const PRODUCT = "Shift-Sync";

export function pageTitle(title: string): string {
  return title ? `${title} · ${PRODUCT}` : PRODUCT;
}

// Sets document.title for as long as the caller is shown, and the product's name after it.
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = pageTitle(title);
    return () => {
      document.title = PRODUCT;
    };
  }, [title]);
}
