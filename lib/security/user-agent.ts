import Bowser from 'bowser';

// Pure and client-safe: the session list renders these labels on both sides.

export type DeviceKind = 'desktop' | 'mobile' | 'tablet' | 'unknown';

export type UserAgentSummary = {
  browser: string;
  os: string;
  device: DeviceKind;
  label: string;
};

const UNKNOWN: UserAgentSummary = { browser: '', os: '', device: 'unknown', label: 'Unknown browser' };

// Bowser's full vendor names are longer than a session row has room for.
const BROWSER_NAMES: Record<string, string> = {
  'Microsoft Edge': 'Edge',
  'Internet Explorer': 'Internet Explorer',
  'Samsung Internet for Android': 'Samsung Internet',
};

// Bowser leaves the platform empty for some desktop systems (Chrome OS, headless Linux builds).
const DESKTOP_OSES = new Set(['Windows', 'macOS', 'Linux', 'Chrome OS']);

function deviceOf(platformType: string | undefined, os: string): DeviceKind {
  if (platformType === 'desktop' || platformType === 'mobile' || platformType === 'tablet') return platformType;
  if (!platformType && DESKTOP_OSES.has(os)) return 'desktop';
  return 'unknown';
}

export function describeUserAgent(ua: string | null): UserAgentSummary {
  const text = ua?.trim();
  if (!text) return UNKNOWN;
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(text);
  } catch {
    return UNKNOWN;
  }
  const rawName = parsed.browser.name ?? '';
  const browser = BROWSER_NAMES[rawName] ?? rawName;
  const os = parsed.os.name ?? '';
  const device = deviceOf(parsed.platform.type, os);
  if (!browser) return { ...UNKNOWN, os, device, label: os ? `Unknown browser on ${os}` : UNKNOWN.label };
  const major = /^\d+/.exec(parsed.browser.version ?? '')?.[0];
  const name = major ? `${browser} ${major}` : browser;
  return { browser, os, device, label: os ? `${name} on ${os}` : name };
}
