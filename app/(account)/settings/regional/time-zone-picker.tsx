'use client';

import { useEffect, useMemo, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTranslations } from 'use-intl';

import { cn } from '@/components/ui/cn';
import { Input, Select } from '@/components/ui/input';

export type ZoneChoice = { value: string; label: string; hint?: string; offset?: number };

const subscribeNothing = () => () => {};
/** False in the server HTML and during hydration, true once the browser runs our code. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}

const normalize = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[_/()]/g, ' ');

const OFFSET_TOKEN = /^(?:utc|gmt)?([+\-\u2212])?(\d{1,2})(?::?(\d{2}))?$/;

/** "+5" finds every zone at UTC+5:xx, "+5:30" only UTC+05:30; words match id and local name. */
function matcher(query: string): (choice: ZoneChoice, haystack: string) => boolean {
  const tokens = normalize(query).split(/\s+/).filter(Boolean);
  return (choice, haystack) =>
    tokens.every((token) => {
      const offset = OFFSET_TOKEN.exec(token);
      if (offset && (offset[1] || /^(utc|gmt)/.test(token))) {
        if (choice.offset === undefined) return false;
        const sign = offset[1] === '-' || offset[1] === '\u2212' ? -1 : 1;
        const hours = Number(offset[2]);
        if (offset[3] !== undefined) return choice.offset === sign * (hours * 60 + Number(offset[3]));
        return (
          Math.trunc(choice.offset / 60) === sign * hours && (choice.offset === 0 || Math.sign(choice.offset) === sign)
        );
      }
      return haystack.includes(token);
    });
}

type Props = {
  id?: string;
  name: string;
  options: ZoneChoice[];
  defaultValue: string;
  onChange?: (value: string) => void;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
};

/**
 * Without JavaScript a plain select; with it, an editable combobox (ARIA 1.2, list
 * autocomplete, manual selection) that filters 400+ zones and posts the same field name.
 */
export function TimeZonePicker(props: Props) {
  const hydrated = useHydrated();
  if (!hydrated) {
    const { id, name, options, defaultValue } = props;
    return (
      <Select
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-describedby={props['aria-describedby']}
        aria-invalid={props['aria-invalid']}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    );
  }
  return <ZoneCombobox {...props} />;
}

const PAGE = 10;

function ZoneCombobox({ id = 'time-zone', name, options, defaultValue, onChange, ...aria }: Props) {
  const t = useTranslations('regional');
  const [selected, setSelected] = useState(defaultValue);
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  const haystacks = useMemo(
    () => options.map((o) => normalize(`${o.value} ${o.hint ?? ''} ${o.offset === undefined ? o.label : ''}`)),
    [options],
  );
  const filtered = useMemo(() => {
    if (!query?.trim()) return options;
    const matches = matcher(query);
    return options.filter((o, i) => matches(o, haystacks[i]));
  }, [options, haystacks, query]);

  const current = options.find((o) => o.value === selected);
  const listId = `${id}-listbox`;
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => {
    if (open && active >= 0) document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active, id]);

  const show = (from: 'selected' | 'first' | 'last' = 'selected') => {
    setOpen(true);
    if (from === 'first') setActive(filtered.length ? 0 : -1);
    else if (from === 'last') setActive(filtered.length - 1);
    else
      setActive(
        Math.max(
          0,
          filtered.findIndex((o) => o.value === selected),
        ),
      );
  };
  const close = () => {
    setOpen(false);
    setQuery(null);
    setActive(-1);
  };
  const choose = (choice: ZoneChoice | undefined) => {
    if (!choice) return;
    setSelected(choice.value);
    onChange?.(choice.value);
    close();
  };
  const move = (delta: number) => {
    if (!open) return show(delta < 0 ? 'last' : 'selected');
    setActive((a) => Math.min(filtered.length - 1, Math.max(0, (a < 0 ? -1 : a) + delta)));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (event.altKey) show('selected');
        else move(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (event.altKey) close();
        else move(-1);
        break;
      case 'PageDown':
      case 'PageUp':
        if (open) {
          event.preventDefault();
          move(event.key === 'PageDown' ? PAGE : -PAGE);
        }
        break;
      case 'Enter':
        // An open list takes Enter as a choice; a closed one lets it submit the form.
        if (open) {
          event.preventDefault();
          choose(filtered[active]);
        }
        break;
      case 'Escape':
        if (open || query !== null) {
          event.preventDefault();
          close();
        }
        break;
      case 'Tab':
        if (open) close();
        break;
    }
  };

  const announce =
    open && query?.trim() ? (filtered.length ? t('resultCount', { count: filtered.length }) : t('noResults')) : '';

  return (
    <div className="relative">
      <input type="hidden" name={name} value={selected} />
      <Input
        id={id}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && active >= 0 && filtered[active] ? optionId(active) : undefined}
        aria-describedby={aria['aria-describedby']}
        aria-invalid={aria['aria-invalid']}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        className="pr-9"
        value={query ?? current?.label ?? ''}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={(event) => event.target.select()}
        onClick={() => (open ? close() : show())}
        onBlur={close}
        onKeyDown={onKeyDown}
      />
      <svg
        aria-hidden
        viewBox="0 0 20 20"
        fill="currentColor"
        className="pointer-events-none absolute right-3 top-1/2 size-4 -translate-y-1/2 text-zinc-500"
      >
        <path
          fillRule="evenodd"
          d="M5.2 7.2a.75.75 0 0 1 1.06 0L10 10.94l3.74-3.74a.75.75 0 1 1 1.06 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0L5.2 8.26a.75.75 0 0 1 0-1.06Z"
          clipRule="evenodd"
        />
      </svg>
      <div aria-live="polite" className="sr-only">
        {announce}
      </div>
      {open ? (
        filtered.length ? (
          <ul
            id={listId}
            role="listbox"
            aria-label={t('suggestions')}
            // Keeps focus in the input when the list (or its scrollbar) is clicked.
            onMouseDown={(event) => event.preventDefault()}
            className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
          >
            {filtered.map((o, index) => (
              <li
                key={o.value}
                id={optionId(index)}
                role="option"
                aria-selected={o.value === selected}
                onMouseMove={() => active !== index && setActive(index)}
                onClick={() => choose(o)}
                className={cn(
                  'flex cursor-pointer items-start gap-2 px-3 py-2',
                  index === active
                    ? 'bg-brand-50 text-brand-700 dark:bg-zinc-800 dark:text-white'
                    : 'text-zinc-900 dark:text-zinc-100',
                )}
              >
                <span
                  aria-hidden
                  className={cn(
                    'mt-0.5 w-4 shrink-0 text-brand-600 dark:text-brand-100',
                    o.value !== selected && 'invisible',
                  )}
                >
                  ✓
                </span>
                <span className="min-w-0">
                  <span className={cn('block break-words', o.value === selected && 'font-medium')}>{o.label}</span>
                  {o.hint ? <span className="block text-xs muted">{o.hint}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <div className="absolute z-20 mt-1 w-full rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm text-zinc-600 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400">
            {t('noResults')}
          </div>
        )
      ) : null}
    </div>
  );
}
