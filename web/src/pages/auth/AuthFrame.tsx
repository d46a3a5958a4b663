// The frame of the signed-out pages: the product's name over one card; the heading is the page's
// title too.
import type { ReactNode } from "react";

import { useDocumentTitle } from "../../lib/useDocumentTitle";
import "./auth.css";

export function AuthFrame({ title, wide = false, children }: { title: string; wide?: boolean; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <main className="auth">
      <div className={wide ? "card auth__card auth__card--wide" : "card auth__card"}>
        <p className="auth__brand"><span className="top__logo" aria-hidden="true" />Shift-Sync</p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
