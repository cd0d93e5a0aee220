import { describe, expect, it } from 'vitest';

import {
  actionArgumentUse,
  isDecodableCall,
  isDecodableFormPost,
  isDecodableTextCall,
  jsonShape,
  MAX_ARRAY_SLOTS,
  MAX_JSON_DEPTH,
  MAX_REPLY_ROWS,
} from './react-reply';

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.append(k, v);
  return data;
}

const call = (root: string, rest: Record<string, string> = {}) => isDecodableCall(form({ '0': root, ...rest }));

describe('JSON rows', () => {
  it('are measured without recursion, brackets in strings not counted', () => {
    expect(jsonShape('{"a":[1,2,[3]],"b":"[[[["}')).toEqual({ depth: 3, arraySlots: 4 + 2 });
    expect(jsonShape('[]')).toEqual({ depth: 1, arraySlots: 1 });
    expect(jsonShape('["\\"]", "x"]')).toEqual({ depth: 1, arraySlots: 3 });
    expect(jsonShape('['.repeat(100_000) + ']'.repeat(100_000)).depth).toBe(100_000);
  });
});

describe("a script's call", () => {
  it('passes what React writes for a form: the previous state and the form data', () => {
    // As React's client encodes it: the unused previous state is `$undefined`.
    expect(call('["$undefined","$K1"]', { _1_email: 'a' })).toBe(true);
    expect(
      call('[{"status":"idle","message":"$undefined","values":{"note":"$$5 off"}},"$K1"]', { _1_email: 'a' }),
    ).toBe(true);
    expect(call('["$K1"]')).toBe(true);
    expect(call('[{"at":"$D2026-01-01T00:00:00.000Z","n":"$n12","i":"$I","z":"$-0"},"$K1"]')).toBe(true);
    // A value met twice is written once and referred to by its path.
    expect(call('[{"a":{"x":[1]},"b":"$0:0:a"},"$K1"]')).toBe(true);
    expect(call('["$@1","$1:list:0"]', { '1': '{"list":[{"x":1}]}' })).toBe(true);
  });
  it('refuses bad JSON, deep nesting, huge arrays and a root that is no list of arguments', () => {
    expect(call('[{"status":')).toBe(false);
    expect(call('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBe(true);
    expect(call('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toBe(false);
    expect(call(`[${'0,'.repeat(MAX_ARRAY_SLOTS)}0]`)).toBe(false);
    expect(call('{"status":"idle"}')).toBe(false);
    expect(call('"x"')).toBe(false);
    expect(call(JSON.stringify(Array(1001).fill(0)))).toBe(false);
    expect(isDecodableCall(form({ _1_email: 'a' }))).toBe(false);
  });
  it('refuses references to rows or paths that are not there, and kinds of value no form sends', () => {
    for (const root of [
      '["$K9","$Q7","$@5","$B3","$h2"]',
      '["$@5"]',
      '["$5"]',
      '["$0:9"]',
      '["$0:0:__proto__"]',
      '["$Q1"]',
      '["$T"]',
      '["$F1"]',
      '["$n12x"]',
      `["$n${'9'.repeat(301)}"]`,
      '["$Z"]',
    ]) {
      expect(call(root, { '1': '[]' }), root).toBe(false);
    }
  });
  it('counts the arrays a reference brings in, and bounds the rows', () => {
    const big = JSON.stringify(Array(10_000).fill(0));
    expect(call(JSON.stringify(Array(50).fill('$1')), { '1': big })).toBe(true);
    expect(call(JSON.stringify(Array(150).fill('$1')), { '1': big })).toBe(false);
    const chain: Record<string, string> = {};
    for (let i = 1; i <= MAX_REPLY_ROWS; i++) chain[i.toString(16)] = `["$${(i + 1).toString(16)}"]`;
    expect(call('["$1"]', chain)).toBe(false);
  });
});

describe('a call sent as JSON text', () => {
  it('reads which arguments an action uses from its id', () => {
    expect(actionArgumentUse(`00${'0'.repeat(40)}`)).toEqual({
      used: [false, false, false, false, false, false],
      rest: false,
    });
    expect(actionArgumentUse(`20${'0'.repeat(40)}`)).toEqual({
      used: [false, true, false, false, false, false],
      rest: false,
    });
    expect(actionArgumentUse(`7f${'0'.repeat(40)}`)).toEqual({
      used: [true, true, true, true, true, true],
      rest: true,
    });
    expect(actionArgumentUse('7f00')).toBeNull();
  });
  it('passes a shallow list with values only where the action uses them', () => {
    const second = `20${'0'.repeat(40)}`;
    expect(isDecodableTextCall('[]', `00${'0'.repeat(40)}`)).toBe(true);
    expect(isDecodableTextCall('["$undefined","x"]', second)).toBe(true);
    expect(isDecodableTextCall('["a","x"]', second)).toBe(false);
    expect(isDecodableTextCall('["$undefined",{"b":1}]', second)).toBe(false);
    expect(isDecodableTextCall('["$undefined",["x"]]', second)).toBe(false);
    expect(isDecodableTextCall('["$undefined","$@1"]', second)).toBe(false);
    expect(isDecodableTextCall('{"a":1}', second)).toBe(false);
  });
});

describe('a form posted without JavaScript', () => {
  const post = (rows: Record<string, string>) =>
    isDecodableFormPost(
      form({
        $ACTION_REF_1: '',
        ...Object.fromEntries(Object.entries(rows).map(([k, v]) => [`$ACTION_1:${k}`, v])),
        email: 'a',
      }),
    );
  it('passes an action with its previous state, or without bound arguments', () => {
    expect(post({ '0': '{"id":"7fab","bound":"$@1"}', '1': '[{"status":"idle"}]' })).toBe(true);
    expect(post({ '0': '{"id":"7fab","bound":null}' })).toBe(true);
    // The server writes the state it renders into the form with its own spelling of undefined.
    expect(
      post({
        '0': '{"id":"7fab","bound":"$@1"}',
        '1': '[{"status":"success","message":"Photo updated.","fieldErrors":"$undefined"}]',
      }),
    ).toBe(true);
    expect(isDecodableFormPost(form({ $ACTION_ID_7fab: '', email: '{"not":' }))).toBe(true);
  });
  it('refuses metadata or bound arguments React cannot use', () => {
    expect(post({ '0': '{"id":' })).toBe(false);
    expect(post({ '0': '{"bound":null}' })).toBe(false);
    expect(post({ '0': '{"id":"7fab"}' })).toBe(false);
    expect(post({ '0': '{"id":"7fab","bound":"$@1"}' })).toBe(false);
    expect(post({ '0': '{"id":"7fab","bound":"$@1"}', '1': '"not a list"' })).toBe(false);
    expect(post({ '0': '{"id":"7fab","bound":"$@1"}', '1': 'null' })).toBe(false);
    expect(post({ '0': '{"id":"7fab","bound":"$@1"}', '1': JSON.stringify(Array(1001).fill(0)) })).toBe(false);
    expect(post({ '0': '{"id":"7fab","bound":"$@1"}', '1': '[' + '['.repeat(5000) })).toBe(false);
  });
});
