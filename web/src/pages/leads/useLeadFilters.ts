import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { INTEREST_LEVELS, LEAD_SORTS, type InterestLevel, type LeadFilters, type LeadSort } from '../../analysis-types.ts';

export type BoardView = 'table' | 'kanban';

/** URL query keys of the board; the filter keys are the API's own names so links can be shared as they are. */
const FILTER_KEYS = ['interestLevel', 'minScore', 'funnelStage', 'qualificationComplete', 'channelAccountId', 'q'] as const;

export interface BoardState {
  filters: LeadFilters;
  sort: LeadSort;
  view: BoardView;
  pipelineId: string | null;
  leadId: string | null;
  hasFilters: boolean;
}

function readState(params: URLSearchParams): BoardState {
  const level = params.get('interestLevel');
  const minScore = Number(params.get('minScore'));
  const qualified = params.get('qualificationComplete');
  const sort = params.get('sort');
  const filters: LeadFilters = {
    ...(INTEREST_LEVELS.includes(level as InterestLevel) ? { interestLevel: level as InterestLevel } : {}),
    ...(params.get('minScore') && Number.isInteger(minScore) && minScore > 0 && minScore <= 100 ? { minScore } : {}),
    ...(params.get('funnelStage') ? { funnelStage: params.get('funnelStage')! } : {}),
    ...(qualified === 'true' || qualified === 'false' ? { qualificationComplete: qualified } : {}),
    ...(params.get('channelAccountId') ? { channelAccountId: params.get('channelAccountId')! } : {}),
    ...(params.get('q')?.trim() ? { q: params.get('q')!.trim() } : {}),
  };
  return {
    filters,
    sort: LEAD_SORTS.includes(sort as LeadSort) ? (sort as LeadSort) : 'score_desc',
    view: params.get('view') === 'kanban' ? 'kanban' : 'table',
    pipelineId: params.get('pipeline'),
    leadId: params.get('lead'),
    hasFilters: Object.keys(filters).length > 0,
  };
}

/** The board's filters, sort, view and open lead, kept in the URL query string. */
export function useBoardState() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readState(params), [params]);

  /** Sets (or, with null / '', removes) query keys; filter edits replace the history entry, opening a lead pushes one. */
  const update = useCallback(
    (changes: Record<string, string | number | null | undefined>, options: { push?: boolean } = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === undefined || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace: !options.push },
      );
    },
    [setParams],
  );

  const clearFilters = useCallback(() => update(Object.fromEntries(FILTER_KEYS.map((key) => [key, null]))), [update]);

  return { ...state, update, clearFilters };
}

/**
 * A text input bound to a URL query value with a debounce: typing is local, the URL follows once typing stops,
 * and a change of the URL from elsewhere (clear filters, back button) is taken into the input.
 */
export function useDebouncedParam(urlValue: string, commit: (value: string) => void, delay = 350): [string, (value: string) => void] {
  const [text, setText] = useState(urlValue);
  const debounced = useDebounced(text, delay);
  const committed = useRef(urlValue);
  // Only a settled new text commits; the callback's identity changes with every URL change and must not.
  const commitRef = useRef(commit);
  commitRef.current = commit;

  useEffect(() => {
    if (debounced === committed.current) return;
    committed.current = debounced;
    commitRef.current(debounced);
  }, [debounced]);

  useEffect(() => {
    if (urlValue === committed.current) return;
    committed.current = urlValue;
    setText(urlValue);
  }, [urlValue]);

  return [text, setText];
}
