'use client';

import { useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';

import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { idle } from '@/lib/actions/result';
import { MAX_SEARCH } from '@/lib/approvals/schemas';

import { clearDelegate, setDelegate } from './actions';

export type ColleagueRow = { id: string; name: string; email: string };

export const APPROVALS_PATH = '/settings/approvals';
const DEBOUNCE_MS = 200;
const REMOVE_FORM_ID = 'remove-delegate';

/**
 * Without JavaScript: a GET search form, and the server lists matches with a "Choose" button each.
 * With JavaScript: the same list follows the typing, from the colleagues route. "Remove delegate"
 * belongs to its own small form; both answer in one place, whichever was submitted last.
 */
export function DelegateForm({
  hasDelegate,
  initialQuery,
  initialResults,
}: {
  hasDelegate: boolean;
  initialQuery: string;
  initialResults: ColleagueRow[] | null;
}) {
  const t = useTranslations('approvals');
  const [state, chooseAction, choosing] = useActionState(setDelegate, idle);
  const [removeState, removeAction, removing] = useActionState(clearDelegate, idle);
  const [last, setLast] = useState<'choose' | 'remove'>(removeState.status === 'idle' ? 'choose' : 'remove');
  const [query, setQuery] = useState(initialQuery);
  const [results, setResults] = useState<ColleagueRow[] | null>(initialResults);
  const [failed, setFailed] = useState(false);
  const request = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const fetchResults = async (q: string) => {
    request.current?.abort();
    if (!q.trim()) {
      setResults(null);
      setFailed(false);
      return;
    }
    const controller = new AbortController();
    request.current = controller;
    try {
      const response = await fetch(`${APPROVALS_PATH}/colleagues?q=${encodeURIComponent(q)}`, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
      });
      if (!response.ok) throw new Error(String(response.status));
      const body = (await response.json()) as { colleagues: ColleagueRow[] };
      setResults(body.colleagues.map(({ id, name, email }) => ({ id, name, email })));
      setFailed(false);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') setFailed(true);
    }
  };

  // A delegate chosen: the search has done its job.
  const [seenState, setSeenState] = useState(state);
  if (seenState !== state) {
    setSeenState(state);
    if (state.status === 'success') {
      setResults(null);
      setQuery('');
    }
  }
  useEffect(
    () => () => {
      request.current?.abort();
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const onChange = (value: string) => {
    setQuery(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void fetchResults(value), DEBOUNCE_MS);
  };

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (timer.current) clearTimeout(timer.current);
    void fetchResults(query);
  };

  const chosenErrors = last === 'choose' ? state.fieldErrors?.delegateUserId : undefined;
  const searchErrors = [...(failed ? [t('searchFailed')] : []), ...(chosenErrors ?? [])];

  return (
    <div className="space-y-4">
      <form id={REMOVE_FORM_ID} action={removeAction} hidden />
      <form
        method="get"
        action={`${APPROVALS_PATH}#delegate`}
        role="search"
        onSubmit={onSearch}
        className="space-y-1.5"
      >
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="min-w-0 flex-1">
            <Field
              id="delegate-search"
              label={t('search')}
              describedBy="delegate-search-hint"
              errors={searchErrors.length ? searchErrors : undefined}
            >
              <Input
                type="search"
                name="q"
                value={query}
                onChange={(e) => onChange(e.currentTarget.value)}
                maxLength={MAX_SEARCH}
                autoComplete="off"
                spellCheck={false}
                aria-controls="delegate-search-results"
              />
            </Field>
          </div>
          <Button type="submit" variant="secondary">
            {t('searchButton')}
          </Button>
        </div>
        <p id="delegate-search-hint" className="text-xs muted">
          {t('searchHint')}
        </p>
      </form>
      <form action={chooseAction} onSubmit={() => setLast('choose')} className="space-y-3">
        <FormStatus state={last === 'remove' ? removeState : state} />
        <div id="delegate-search-results" aria-live="polite">
          {results ? (
            <>
              <p className="text-sm muted">{t('results', { count: results.length })}</p>
              {results.length ? (
                <ul aria-label={t('resultsLabel')} className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800">
                  {results.map((c) => (
                    <li key={c.id} className="flex items-center gap-3 py-2.5">
                      <div className="min-w-0 flex-1 text-sm">
                        <p className="truncate font-medium">{c.name}</p>
                        <p className="truncate muted">{c.email}</p>
                      </div>
                      <Button
                        type="submit"
                        name="delegateUserId"
                        value={c.id}
                        className="shrink-0"
                        disabled={choosing}
                        aria-label={t('chooseLabel', { name: c.name })}
                      >
                        {t('choose')}
                      </Button>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
        </div>
        {hasDelegate ? (
          <Button
            type="submit"
            form={REMOVE_FORM_ID}
            variant="secondary"
            pending={removing}
            onClick={() => setLast('remove')}
          >
            {t('remove')}
          </Button>
        ) : null}
      </form>
    </div>
  );
}
