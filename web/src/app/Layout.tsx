// The frame of every signed-in page: a skip link, the organisation's name, the navigation (a
// bar on wide screens, a scrollable row on phones) and sign-out. The navigation stays while a page's
// code loads and when a page fails (PageBoundary).
import { Suspense } from "react";
import { NavLink, Outlet, useLocation } from "react-router-dom";

import { Avatar, Loading } from "../components/ui";
import { PageBoundary } from "./PageBoundary";
import { useSession, useSignedIn } from "./session";

export function Layout() {
  const { me, organization, isManager } = useSignedIn();
  const { signOut } = useSession();
  const { pathname } = useLocation();
  const links: [string, string][] = [
    ["/schedule", "Schedule"],
    ["/my-shifts", "My shifts"],
    ["/team", "Team"],
    ...(isManager ? ([["/mail", "Mail"]] as [string, string][]) : []),
    ["/profile", "Profile"],
    ...(me.role === "owner" ? ([["/settings", "Settings"]] as [string, string][]) : []),
  ];
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="top">
        <div className="top__brand">
          <span className="top__logo" aria-hidden="true" />
          <span className="top__org">{organization.name}</span>
        </div>
        <nav className="top__nav" aria-label="Main">
          {links.map(([to, label]) => (
            <NavLink key={to} to={to} className={({ isActive }) => (isActive ? "nav-link nav-link--active" : "nav-link")}>
              {label}
            </NavLink>
          ))}
        </nav>
        <div className="top__me">
          <Avatar name={me.name} url={me.picture_url} size={32} />
          <span className="top__name">{me.name}</span>
          <button type="button" className="button button--ghost" onClick={() => void signOut()}>Sign out</button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <PageBoundary resetKey={pathname}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </PageBoundary>
      </main>
    </>
  );
}
