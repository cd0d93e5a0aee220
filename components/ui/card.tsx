import type { ReactNode } from 'react';

export function Card({
  title,
  description,
  children,
  id,
}: {
  title?: string;
  description?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section aria-labelledby={title && id ? `${id}-title` : undefined} className="card">
      {title ? (
        <header className="mb-4">
          <h2 id={id ? `${id}-title` : undefined} className="section-title">
            {title}
          </h2>
          {description ? <p className="description">{description}</p> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}
