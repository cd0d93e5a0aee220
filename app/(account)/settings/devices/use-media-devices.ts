'use client';

import { useCallback, useEffect, useState } from 'react';

export type AudioDevice = { id: string; label: string };

export type DeviceAccess =
  /** Still asking the browser. */
  | 'checking'
  /** No navigator.mediaDevices: an old browser or a page not served over HTTPS. */
  | 'unsupported'
  /** Devices are listed without names until the user allows microphone access. */
  | 'prompt'
  | 'denied'
  /** Allowed (or asked), but the system has no microphone. */
  | 'none'
  | 'granted';

export type MediaDevicesState = {
  access: DeviceAccess;
  microphones: AudioDevice[];
  speakers: AudioDevice[];
  /** The name of what the system uses when nothing is chosen, when the browser says. */
  defaultMicrophone?: string;
  defaultSpeaker?: string;
};

const initial: MediaDevicesState = { access: 'checking', microphones: [], speakers: [] };

function hasMediaDevices(): boolean {
  return typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.enumerateDevices);
}

async function listDevices(): Promise<Omit<MediaDevicesState, 'access'> & { named: boolean; any: boolean }> {
  const all = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind) => all.filter((d) => d.kind === kind);
  const inputs = pick('audioinput');
  const outputs = pick('audiooutput');
  // Chromium lists the current default as a pseudo-device "default"; the page offers its own.
  const real = (list: MediaDeviceInfo[]) =>
    list.filter((d) => d.deviceId && d.deviceId !== 'default').map((d) => ({ id: d.deviceId, label: d.label }));
  const defaultName = (list: MediaDeviceInfo[]) =>
    list.find((d) => d.deviceId === 'default')?.label.replace(/^Default - /, '') || undefined;
  return {
    microphones: real(inputs),
    speakers: real(outputs),
    defaultMicrophone: defaultName(inputs),
    defaultSpeaker: defaultName(outputs),
    named: inputs.some((d) => d.label),
    any: inputs.length > 0,
  };
}

/** Which microphones and speakers the browser will tell us about, and a way to ask for more. */
export function useMediaDevices() {
  // Only rendered once scripts run, so the browser can be asked right away.
  const [state, setState] = useState<MediaDevicesState>(() =>
    hasMediaDevices() ? initial : { ...initial, access: 'unsupported' },
  );

  const refresh = useCallback(
    (afterRequest = false) =>
      listDevices().then(
        ({ named, any, ...lists }) => {
          const access: DeviceAccess = named ? 'granted' : !any && afterRequest ? 'none' : 'prompt';
          // A refusal stays reported until the browser lists names, however often devices change.
          setState((previous) => ({ ...lists, access: previous.access === 'denied' && !named ? 'denied' : access }));
        },
        () => setState({ ...initial, access: 'unsupported' }),
      ),
    [],
  );

  useEffect(() => {
    if (!hasMediaDevices()) return;
    const onChange = () => void refresh();
    navigator.mediaDevices.addEventListener('devicechange', onChange);
    onChange();
    return () => navigator.mediaDevices.removeEventListener('devicechange', onChange);
  }, [refresh]);

  /** Asks once for the microphone; the stream is closed at once, only the names are wanted. */
  const requestAccess = useCallback(async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ ...initial, access: 'unsupported' });
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream.getTracks().forEach((track) => track.stop());
      await refresh(true);
    } catch (error) {
      const name = (error as DOMException)?.name;
      if (name === 'NotFoundError' || name === 'OverconstrainedError') {
        await refresh(true);
        setState((previous) => ({ ...previous, access: previous.access === 'granted' ? 'granted' : 'none' }));
      } else {
        setState((previous) => ({ ...previous, access: 'denied' }));
      }
    }
  }, [refresh]);

  return { ...state, refresh, requestAccess };
}
