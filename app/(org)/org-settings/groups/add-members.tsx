'use client';

import { useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';

import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Input } from '@/components/ui/input';
import { idle } from '@/lib/actions/result';

import { addGroupMember } from './member-actions';
import { groupPath } from './paths';

export type CandidateRow = { id: string; name: string; email: string };

const DEBOUNCE_MS = 200;

/**
 * Without JavaScript: a GET search form, and the server lists matches with an "Add" button each.
 * With JavaScript: the same list follows the typing, from the candidates route.
 */
export function AddMembers({
  groupId,
  initialQuery,
  initialResults,
}: {
  groupId: string;
  initialQuery: string;
  initialResults: CandidateRow[] | null;
}) {
  const t = useTranslations('groups');
  const [state, addAction, adding] = useActionState(addGroupMember, idle);
  const [query, setQuery] = useState(initialQuery);
  const [results, setResults] = useState<CandidateRow[] | null>(initialResults);
  const [failed, setFailed] = useState(false);
  const request = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const fetchResults = async (q: string) => {
    request.current?.abort();
    if (!q.trim()) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    request.current = controller;
    try {
      const response = await fetch(`${groupPath(groupId)}/candidates?q=${encodeURIComponent(q)}`, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
      });
      if (!response.ok) throw new Error(String(response.status));
      const body = (await response.json()) as { candidates: Array<CandidateRow & { username: string | null }> };
      setResults(body.candidates.map(({ id, name, email }) => ({ id, name, email })));
      setFailed(false);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') setFailed(true);
    }
  };

  // The person just added drops out of the list (the server's list follows on its own).
  const [lastAdded, setLastAdded] = useState<string | null>(null);
  const [seenState, setSeenState] = useState(state);
  if (seenState !== state) {
    setSeenState(state);
    if (state.status === 'success' && lastAdded) setResults((list) => list?.filter((c) => c.id !== lastAdded) ?? list);
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

  return (
    <div className="space-y-4">
      <form
        method="get"
        action={`${groupPath(groupId)}#add-members`}
        role="search"
        onSubmit={onSearch}
        className="flex flex-col gap-3 sm:flex-row sm:items-end"
      >
        <div className="min-w-0 flex-1">
          <Field id="member-search" label={t('search')} errors={failed ? [t('searchFailed')] : undefined}>
            <Input
              type="search"
              name="q"
              value={query}
              onChange={(e) => onChange(e.currentTarget.value)}
              maxLength={100}
              autoComplete="off"
              spellCheck={false}
              aria-controls="member-search-results"
            />
          </Field>
        </div>
        <Button type="submit" variant="secondary">
          {t('searchButton')}
        </Button>
      </form>
      <form
        action={addAction}
        onSubmit={(event) =>
          setLastAdded(((event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value ?? null)
        }
        className="space-y-3"
      >
        <input type="hidden" name="groupId" value={groupId} />
        <FormStatus state={state} />
        <div id="member-search-results" aria-live="polite">
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
                        name="userId"
                        value={c.id}
                        className="shrink-0"
                        disabled={adding}
                        aria-label={t('addLabel', { name: c.name })}
                      >
                        {t('add')}
                      </Button>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
        </div>
      </form>
    </div>
  );
}
