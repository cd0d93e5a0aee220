import { buttonClass } from '@/components/ui/button';

/**
 * "Export CSV": a POST form carrying the page's current filters as hidden fields, so it works
 * without JavaScript and exports what the page shows rather than what is typed but not applied.
 */
export function ExportCsvForm({
  action,
  fields,
  label,
  hint,
  className,
}: {
  action: (formData: FormData) => Promise<void>;
  fields: Record<string, string>;
  label: string;
  hint?: string;
  className?: string;
}) {
  return (
    <form action={action} className={className ?? 'flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between'}>
      {hint ? <p className="text-xs muted">{hint}</p> : null}
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={buttonClass('secondary', 'shrink-0 sm:ml-auto')}>
        {label}
      </button>
    </form>
  );
}
