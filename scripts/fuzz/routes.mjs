// GET targets: every page and route handler of the build (its app-paths manifest), with dynamic
// segments filled by real ids, another organization's ids, malformed ids and odd strings, and a
// set of odd query strings.

/**
 * Odd query strings: broken encoding, NUL, arrays, repeats, huge values, prototype keys, and
 * the list filters of the org pages (status, role, group, check, cursors, dates) given ids of
 * another organization or none at all.
 */
export const queriesFor = (ids) => [
  '',
  '?q=%00',
  '?q=%E0%A4%A',
  '?q=a&q=b&q=',
  '?q[]=x&q[]=y&page[]=1',
  `?q=${'a'.repeat(10 * 1024)}`,
  '?page=-1&pageSize=-5',
  '?page=1&page=2&notice=a&notice=b&tooLarge=1&tooLarge=1&q=x&q=y',
  '?page=1e309&cursor=1e309',
  '?page=NaN&cursor=%7B%7D',
  '?sort=__proto__&dir=constructor&order=toString',
  '?notice=constructor&status=__proto__&role=hasOwnProperty&group=valueOf',
  '?q=%C3%BC%F0%9F%98%80%E2%80%AE%EF%BF%BF&name=%EF%BC%A0',
  '?callbackUrl=%2F%2Fevil.example&next=javascript:alert(1)',
  '?from=2024-13-45&to=yesterday&actor=%00&action=%25&size=64',
  '?__proto__[polluted]=1&constructor[prototype][x]=1',
  '?tooLarge=1&signedOut=one&count=-1&twoFactor=x&invited=%0d%0aSet-Cookie:x=1',
  '?=&&&=x&%=',
  `?${Array.from({ length: 200 }, (_, i) => `k${i}=${i}`).join('&')}`,
  `?status=invited&sort=__proto__&page=99999999999&role=${ids.other[1] ?? ids.other[0]}&group=${ids.other[0]}`,
  `?check=${ids.other[0]}&q=%25%5F%5C&role=not-a-uuid&group=00000000-0000-0000-0000-000000000000`,
  '?before=999999999999999&after=0&from=0001-01-01&to=9999-12-31',
  '?from=2024-02-30&to=2024-02-29&action=a.*&actor=%25%5F&before=-1',
];

const ODD_SEGMENTS = [
  '__proto__',
  'constructor',
  '%00',
  '%E2%80%AE',
  '..%2F..%2Fetc%2Fpasswd',
  'a'.repeat(400),
  '1e309',
  "'%20or%201=1--",
];

/** URL paths of the manifest's entries, with the segment names of the dynamic parts. */
export function routesFromManifest(manifest) {
  const routes = [];
  for (const key of Object.keys(manifest)) {
    if (key.startsWith('/_')) continue; // _not-found, _global-error: rendered for others, not addressable
    const path = key
      .replace(/\/(page|route)$/, '')
      .split('/')
      .filter((s) => s && !/^\(.*\)$/.test(s))
      .join('/');
    routes.push(`/${path}`);
  }
  return [...new Set(routes)].sort();
}

/**
 * Fillings for a dynamic segment, from the path it is in: `ids.real` are this organization's
 * (the first of each is the one a fine page uses), `ids.other` another organization's.
 */
export function fillingsFor(route, segment, ids) {
  const uuids = ['00000000-0000-0000-0000-000000000000', ...ids.other.slice(0, 2), 'not-a-uuid', '0'];
  if (segment === 'section') return ['tokens', 'keys', 'nope', ...ODD_SEGMENTS];
  if (segment === 'token') return [...ids.tokens, 'x', 'a'.repeat(500), ...uuids, ...ODD_SEGMENTS.slice(0, 4)];
  if (route.includes('/users/')) return [...ids.users, ...uuids, ...ODD_SEGMENTS];
  if (route.includes('/groups/')) return [...ids.groups, ...uuids, ...ODD_SEGMENTS];
  if (route.includes('/roles/')) return [...ids.roles, 'owner', 'admin', ...uuids, ...ODD_SEGMENTS];
  if (route.startsWith('/files/')) return [...ids.files, ...uuids, ...ODD_SEGMENTS];
  return [...uuids, ...ODD_SEGMENTS];
}

/** Every concrete path of a route: the product of its segments' fillings, the first one kept whole. */
export function expandRoute(route, ids) {
  const segments = route.split('/');
  const dynamic = segments.map((s, i) => [s, i]).filter(([s]) => /^\[.+\]$/.test(s));
  if (!dynamic.length) return [{ path: route, fine: true }];
  // Routes here have one dynamic segment; more would multiply, so they vary one at a time.
  const out = [];
  for (const [segment, index] of dynamic) {
    const name = segment.slice(1, -1).replace(/^\.\.\./, '');
    fillingsFor(route, name, ids).forEach((value, n) => {
      const parts = segments.slice();
      parts[index] = value;
      for (const [other, j] of dynamic) if (j !== index) parts[j] = fillingsFor(route, other.slice(1, -1), ids)[0];
      out.push({ path: parts.join('/'), fine: n === 0 });
    });
  }
  return out;
}
