// Reading server-rendered pages the way a browser without JavaScript sees them: the forms, their
// fields and the hidden inputs React renders for server actions.

export const decodeEntities = (s) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeEntities(m[1]) : null;
};

/**
 * Every form of a page: its hidden inputs (in order), the names of its other fields, and the
 * server actions it reaches — `$ACTION_ID_<id>` for a plain action (also on a button's name, for
 * `formAction`), or the id inside `$ACTION_<n>:0` for a useActionState form.
 */
export function parseForms(html) {
  const forms = [];
  for (const match of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
    const inner = match[1];
    const hidden = [];
    const fields = new Set();
    const actionIds = new Set();
    for (const tag of inner.matchAll(/<(input|select|textarea|button)\b[^>]*>/g)) {
      const name = attr(tag[0], 'name');
      if (!name) continue;
      if (name.startsWith('$ACTION_ID_')) actionIds.add(name.slice('$ACTION_ID_'.length));
      const type = (attr(tag[0], 'type') ?? '').toLowerCase();
      if (tag[1] === 'input' && type === 'hidden') {
        const value = attr(tag[0], 'value') ?? '';
        hidden.push([name, value]);
        if (/^\$ACTION_\d+:0$/.test(name)) {
          try {
            const ref = JSON.parse(value);
            if (typeof ref?.id === 'string') actionIds.add(ref.id);
          } catch {
            // Not an action reference after all: nothing to learn from it.
          }
        }
      }
      if (!name.startsWith('$ACTION')) fields.add(name);
    }
    forms.push({ hidden, fields: [...fields], actionIds: [...actionIds] });
  }
  return forms;
}

/** The first form that reaches a server action and has a field of this name. */
export function formWithField(html, fieldName) {
  return parseForms(html).find(
    (f) => f.actionIds.length && (f.fields.includes(fieldName) || f.hidden.some(([n]) => n === fieldName)),
  );
}
