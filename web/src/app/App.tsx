// Routes. Pages load on demand so that a phone on a slow network fetches only what it shows.
import { lazy, Suspense, type ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router-dom";

import { Loading } from "../components/ui";
import { Layout } from "./Layout";
import { PageBoundary } from "./PageBoundary";
import { SessionProvider, useSession } from "./session";

const SignInPage = lazy(() => import("../pages/auth/SignInPage"));
const CreateOrganizationPage = lazy(() => import("../pages/auth/CreateOrganizationPage"));
const RegisterPage = lazy(() => import("../pages/auth/RegisterPage"));
// Both password reset pages come in one file: one load, and chunks shared with the other auth pages.
const passwordResetPages = () => import("../pages/auth/PasswordResetPages");
const ForgotPasswordPage = lazy(() => passwordResetPages().then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => passwordResetPages().then((m) => ({ default: m.ResetPasswordPage })));
// The default page's code loads alongside the session when the address names it: a lazy page
// that suspends shows its fallback for at least 300 ms (React), longer than the rest of the load.
const schedulePage = () => import("../pages/schedule/SchedulePage");
if (["/", "/schedule"].includes(window.location.pathname)) void schedulePage();
const SchedulePage = lazy(schedulePage);
const MyShiftsPage = lazy(() => import("../pages/my-shifts/MyShiftsPage"));
const TeamPage = lazy(() => import("../pages/team/TeamPage"));
const ProfilePage = lazy(() => import("../pages/profile/ProfilePage"));
const MailPage = lazy(() => import("../pages/mail/MailPage"));
const SettingsPage = lazy(() => import("../pages/settings/SettingsPage"));

// Signed-in pages: wait for the session, send strangers to sign-in (and back afterwards).
function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === "loading") return <Loading label="Loading your session" />;
  if (state.status === "signed-out") {
    if (state.reason === "signed-out") return <Navigate to="/sign-in" replace />;
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

function RequireManager({ children }: { children: ReactNode }) {
  const { state } = useSession();
  if (state.status === "signed-in" && state.me.role === "employee") return <Navigate to="/schedule" replace />;
  return <>{children}</>;
}

// Owners only: anyone else is sent to the schedule and never sees the page.
function RequireOwner({ children }: { children: ReactNode }) {
  const { state } = useSession();
  if (state.status === "signed-in" && state.me.role !== "owner") return <Navigate to="/schedule" replace />;
  return <>{children}</>;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/create-organization" element={<CreateOrganizationPage />} />
        <Route path="/register" element={<RegisterPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route element={<RequireSession><Layout /></RequireSession>}>
          <Route path="/schedule" element={<SchedulePage />} />
          <Route path="/my-shifts" element={<MyShiftsPage />} />
          <Route path="/team" element={<TeamPage />} />
          <Route path="/profile" element={<ProfilePage />} />
          <Route path="/mail" element={<RequireManager><MailPage /></RequireManager>} />
          <Route path="/settings" element={<RequireOwner><SettingsPage /></RequireOwner>} />
        </Route>
        <Route path="*" element={<Navigate to="/schedule" replace />} />
      </Routes>
    </Suspense>
  );
}

// A failure outside the signed-in frame (the sign-in page's code missing): said on its own.
function WithBoundary({ children }: { children: ReactNode }) {
  return <PageBoundary resetKey={useLocation().pathname}>{children}</PageBoundary>;
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <WithBoundary>
          <AppRoutes />
        </WithBoundary>
      </BrowserRouter>
    </SessionProvider>
  );
}
