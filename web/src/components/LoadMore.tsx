import { useT } from '../i18n.tsx';

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): unknown;
}

/** "Load more" under a paged list: shown while the infinite query has another page, "Loading…" while it fetches. */
export function LoadMore({ query, testId }: { query: PagedQuery; testId?: string }) {
  const t = useT();
  if (!query.hasNextPage) return null;
  return (
    <div className="load-more">
      <button type="button" className="button button-ghost" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage} data-testid={testId}>
        {query.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}
