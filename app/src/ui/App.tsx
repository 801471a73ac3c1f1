// The screens by route. Without a session every route but sign-in leads to sign-in (and back
// to the route afterwards); the app never needs the network to show what it has.
import { useEffect } from 'preact/hooks';
import { ActionForm } from './ActionForm.js';
import { Changes } from './Changes.js';
import { Dashboard } from './Dashboard.js';
import { DetailsPage } from './DetailsPage.js';
import { navigate, useAppState, useRoute } from './hooks.js';
import { ListPage } from './ListPage.js';
import { SignIn } from './SignIn.js';
import { SummaryPage } from './SummaryPage.js';
import { Missing, useWorkspace, WorkspaceHome } from './WorkspaceHome.js';

function PageScreen({ workspaceId, pageId, filter, title }: { workspaceId: string; pageId: string; filter?: Record<string, never> | undefined; title?: string | undefined }) {
  const page = useWorkspace(workspaceId)?.definition.pages.find((p) => p.id === pageId);
  if (page?.kind === 'summary') return <SummaryPage workspaceId={workspaceId} pageId={pageId} />;
  return <ListPage workspaceId={workspaceId} pageId={pageId} {...(filter ? { filter } : {})} {...(title ? { title } : {})} />;
}

export function App() {
  const state = useAppState();
  const route = useRoute();
  const isSignedIn = Boolean(state.session);
  useEffect(() => {
    if (!isSignedIn && route.screen !== 'sign-in') {
      sessionStorage.setItem('mwkit.afterSignIn', location.hash || '#/');
      navigate('#/sign-in', true);
    }
  }, [isSignedIn, route.screen]);
  if (!state.isReady) return <p class="empty">Starting…</p>;
  if (!isSignedIn || route.screen === 'sign-in') return <SignIn />;
  switch (route.screen) {
    case 'dashboard':
      return <Dashboard />;
    case 'changes':
      return <Changes />;
    case 'workspace':
      return <WorkspaceHome key={route.workspaceId} workspaceId={route.workspaceId} />;
    case 'page':
      return (
        <PageScreen
          key={`${route.workspaceId}/${route.pageId}/${JSON.stringify(route.filter)}`}
          workspaceId={route.workspaceId}
          pageId={route.pageId}
          filter={route.filter as Record<string, never> | undefined}
          title={route.title}
        />
      );
    case 'record':
      return <DetailsPage key={`${route.pageId}/${route.key}`} workspaceId={route.workspaceId} pageId={route.pageId} recordKey={route.key} />;
    case 'action':
      return (
        <ActionForm
          key={`${route.actionId}/${route.key ?? ''}/${route.fix ?? ''}`}
          workspaceId={route.workspaceId}
          actionId={route.actionId}
          {...(route.fromPage ? { fromPage: route.fromPage } : {})}
          {...(route.key ? { recordKey: route.key } : {})}
          {...(route.fix ? { fix: route.fix } : {})}
        />
      );
    default:
      return <Missing what={`There is no screen at ${location.hash}.`} />;
  }
}
