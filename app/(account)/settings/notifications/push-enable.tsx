'use client';

import { useRouter } from 'next/navigation';
import { useState, useSyncExternalStore } from 'react';

import { Button } from '@/components/ui/button';
import { StatusMessage } from '@/components/ui/form-status';

export type PushEnableTexts = { enable: string; unsupported: string; denied: string; failed: string; enabled: string };

const noChanges = () => () => {};

/** Push needs a service worker, the Push API and notifications; Safari outside the home screen has no PushManager. */
function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const view = new Uint8Array(a);
  return view.every((byte, i) => byte === b[i]);
}

type Outcome = 'enabled' | 'denied' | 'failed';

async function enablePush(publicKey: string): Promise<Outcome> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'denied';
  const registration = await navigator.serviceWorker.register('/sw.js');
  await navigator.serviceWorker.ready;
  const applicationServerKey = keyBytes(publicKey);
  let subscription = await registration.pushManager.getSubscription();
  // A subscription made with another server key (the keys were replaced) cannot be reused.
  if (subscription && !sameKey(subscription.options.applicationServerKey, applicationServerKey)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
  const response = await fetch('/settings/notifications/push', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(subscription.toJSON()),
    credentials: 'same-origin',
  });
  return response.ok ? 'enabled' : 'failed';
}

/** "Enable browser notifications": asks the browser, subscribes it with the server's key and saves it. */
export function PushEnable({ publicKey, texts }: { publicKey: string; texts: PushEnableTexts }) {
  const router = useRouter();
  // The server's HTML says what a browser without JavaScript gets; the button replaces it once scripts run.
  const supported = useSyncExternalStore(noChanges, pushSupported, () => false);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ value: Outcome; at: number } | null>(null);

  if (!supported) return <p className="text-sm muted">{texts.unsupported}</p>;

  async function onClick() {
    setPending(true);
    let value: Outcome;
    try {
      value = await enablePush(publicKey);
    } catch {
      value = Notification.permission === 'denied' ? 'denied' : 'failed';
    }
    setPending(false);
    setOutcome({ value, at: Date.now() });
    if (value === 'enabled') router.refresh();
  }

  return (
    <div className="space-y-3">
      {outcome ? (
        <StatusMessage tone={outcome.value === 'enabled' ? 'success' : 'error'} answer={outcome.at}>
          {texts[outcome.value]}
        </StatusMessage>
      ) : null}
      <Button type="button" onClick={onClick} pending={pending}>
        {texts.enable}
      </Button>
    </div>
  );
}
