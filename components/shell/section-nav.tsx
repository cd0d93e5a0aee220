'use client';

import { usePathname } from 'next/navigation';

import { Link } from '@/components/ui/link';

/** A section's address part and its title, already in the user's language; `soon`: "Coming soon", when not built yet. */
export type SectionLink = { slug: string; title: string; soon?: string };

/** A link below the sections to the other settings area (organization settings, for those who may open them). */
export type AreaLink = { href: string; title: string };

/** A side list on wide screens; on narrow ones a disclosure that works without JavaScript. */
export function SectionNav({
  base,
  label,
  sections,
  area,
}: {
  base: string;
  label: string;
  sections: SectionLink[];
  area?: AreaLink;
}) {
  const pathname = usePathname();
  const activeSlug = sections.find(
    (s) => pathname === `${base}/${s.slug}` || pathname.startsWith(`${base}/${s.slug}/`),
  )?.slug;
  const active = sections.find((s) => s.slug === activeSlug);
  const list = (
    <ul className="space-y-0.5">
      {sections.map((s) => (
        <li key={s.slug}>
          <Link
            href={`${base}/${s.slug}`}
            aria-current={s.slug === activeSlug ? 'page' : undefined}
            className="nav-link"
          >
            {s.title}
            {s.soon ? <span className="soon-badge"> {s.soon}</span> : null}
          </Link>
        </li>
      ))}
      {area ? (
        <li className="mt-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <Link href={area.href} className="nav-link">
            {area.title}
          </Link>
        </li>
      ) : null}
    </ul>
  );
  return (
    <nav aria-label={label}>
      <details className="md:hidden">
        <summary className="cursor-pointer rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900">
          {label}: {active ? active.title : '—'}
        </summary>
        <div className="mt-2">{list}</div>
      </details>
      <div className="hidden md:block">{list}</div>
    </nav>
  );
}
