'use client';

import { useActionState, useState, useSyncExternalStore } from 'react';
import { useTranslations } from 'use-intl';

import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/input';
import { idle } from '@/lib/actions/result';
import type { SavedDevices } from '@/lib/preferences/devices-schema';

import { saveDevices } from './actions';
import {
  LevelMeter,
  TestButton,
  TestMessage,
  useMicrophoneTest,
  useSpeakerSelectionSupported,
  useSpeakerTest,
} from './device-tests';
import { useMediaDevices, type AudioDevice } from './use-media-devices';

const noop = () => () => {};
/** False on the server and while hydrating, true once scripts run: the no-JS text shows until then. */
const useScriptsRunning = () =>
  useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );

/**
 * Options: every device the browser lists, plus the saved one when it is not among them — marked
 * "not connected" only once the browser has shown the full list (before access, it lists nothing).
 */
function optionsFor(
  devices: AudioDevice[],
  saved: { id?: string; label?: string },
  names: { unnamed: (n: number) => string; missing: (label: string) => string; listed: boolean },
) {
  const options = devices.map((d, i) => ({ id: d.id, label: d.label || names.unnamed(i + 1) }));
  if (saved.id && !devices.some((d) => d.id === saved.id)) {
    const label = saved.label || saved.id.slice(0, 8);
    options.push({ id: saved.id, label: names.listed ? names.missing(label) : label });
  }
  return options;
}

/** A saved id the browser no longer lists is matched by its name (ids change when site data is cleared). */
function initialChoice(devices: AudioDevice[], savedId = '', savedLabel = ''): string {
  if (!savedId || devices.some((d) => d.id === savedId)) return savedId;
  return devices.find((d) => savedLabel && d.label === savedLabel)?.id ?? savedId;
}

export function DevicesForm({ saved }: { saved: SavedDevices }) {
  const running = useScriptsRunning();
  if (!running) return <WithoutScripts saved={saved} />;
  return <DeviceChooser saved={saved} />;
}

function WithoutScripts({ saved }: { saved: SavedDevices }) {
  const t = useTranslations('devices');
  return (
    <div className="space-y-4 text-sm">
      <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
        {t('needsJavaScript')}
      </p>
      <dl className="divide-y divide-zinc-200 dark:divide-zinc-800">
        <div className="grid gap-1 py-2 sm:grid-cols-3">
          <dt className="font-medium muted">{t('microphone')}</dt>
          <dd className="sm:col-span-2">
            {saved.microphoneId ? saved.microphoneLabel || t('unnamedSaved') : t('systemDefault')}
          </dd>
        </div>
        <div className="grid gap-1 py-2 sm:grid-cols-3">
          <dt className="font-medium muted">{t('speaker')}</dt>
          <dd className="sm:col-span-2">
            {saved.speakerId ? saved.speakerLabel || t('unnamedSaved') : t('systemDefault')}
          </dd>
        </div>
      </dl>
    </div>
  );
}

function DeviceChooser({ saved }: { saved: SavedDevices }) {
  const t = useTranslations('devices');
  const devices = useMediaDevices();
  const [state, formAction, pending] = useActionState(saveDevices, idle);
  const [microphone, setMicrophone] = useState<string | null>(null);
  const [speaker, setSpeaker] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const canChooseSpeaker = useSpeakerSelectionSupported();

  const missing = (label: string) => t('notConnected', { label });
  const listed = devices.access === 'granted';
  const microphones = optionsFor(
    devices.microphones,
    { id: saved.microphoneId, label: saved.microphoneLabel },
    {
      unnamed: (n) => t('unnamedMicrophone', { n }),
      missing,
      listed,
    },
  );
  const speakers = optionsFor(
    devices.speakers,
    { id: saved.speakerId, label: saved.speakerLabel },
    {
      unnamed: (n) => t('unnamedSpeaker', { n }),
      missing,
      listed,
    },
  );
  // Until the user touches a select, it follows the saved choice as the device list fills in.
  const micValue = microphone ?? initialChoice(devices.microphones, saved.microphoneId, saved.microphoneLabel);
  const speakerValue = speaker ?? initialChoice(devices.speakers, saved.speakerId, saved.speakerLabel);
  const labelOf = (list: AudioDevice[], id: string, savedId?: string, savedLabel?: string) =>
    list.find((d) => d.id === id)?.label || (id && id === savedId ? (savedLabel ?? '') : '');

  const micTest = useMicrophoneTest(micValue);
  const speakerTest = useSpeakerTest(speakerValue);
  const unsupported = devices.access === 'unsupported';

  const allow = async () => {
    setAsking(true);
    await devices.requestAccess();
    setAsking(false);
  };

  const defaultLabel = (name?: string) => (name ? t('systemDefaultNamed', { name }) : t('systemDefault'));
  const notice = {
    checking: null,
    unsupported: t('access.unsupported'),
    prompt: t('access.prompt'),
    denied: t('access.denied'),
    none: t('access.none'),
    granted: null,
  }[devices.access];

  return (
    <div className="space-y-5">
      {notice ? (
        <div className="space-y-3 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-3 text-sm dark:border-zinc-700 dark:bg-zinc-950">
          <p aria-live="polite">{notice}</p>
          {devices.access === 'prompt' || devices.access === 'denied' ? (
            <Button type="button" variant="secondary" pending={asking} onClick={allow}>
              {t('allowAccess')}
            </Button>
          ) : null}
        </div>
      ) : null}

      <form action={formAction} className="space-y-5">
        <FormStatus state={state} />
        <div className="space-y-3">
          <div className="flex items-end gap-3">
            <div className="min-w-0 flex-1">
              <Field id="microphoneId" label={t('microphone')} errors={state.fieldErrors?.microphoneId}>
                <Select name="microphoneId" value={micValue} onChange={(e) => setMicrophone(e.target.value)}>
                  <option value="">{defaultLabel(devices.defaultMicrophone)}</option>
                  {microphones.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.label}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <TestButton
              onClick={micTest.start}
              pending={micTest.running}
              disabled={unsupported}
              describedBy="microphone-test-what"
            />
          </div>
          <span id="microphone-test-what" hidden>
            {t('microphone')}
          </span>
          {micTest.level !== null ? <LevelMeter level={micTest.level} /> : null}
          <TestMessage message={micTest.message} />
          <input
            type="hidden"
            name="microphoneLabel"
            value={labelOf(devices.microphones, micValue, saved.microphoneId, saved.microphoneLabel)}
          />
        </div>

        <div className="space-y-3">
          <div className="flex items-end gap-3">
            <div className="min-w-0 flex-1">
              <Field id="speakerId" label={t('speaker')} errors={state.fieldErrors?.speakerId}>
                <Select name="speakerId" value={speakerValue} onChange={(e) => setSpeaker(e.target.value)}>
                  <option value="">{defaultLabel(devices.defaultSpeaker)}</option>
                  {speakers.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.label}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <TestButton
              onClick={speakerTest.start}
              pending={speakerTest.playing}
              disabled={unsupported}
              describedBy="speaker-test-what"
            />
          </div>
          <span id="speaker-test-what" hidden>
            {t('speaker')}
          </span>
          {canChooseSpeaker ? null : <p className="text-xs muted">{t('speakerUnsupported')}</p>}
          <TestMessage message={speakerTest.message} />
          <input
            type="hidden"
            name="speakerLabel"
            value={labelOf(devices.speakers, speakerValue, saved.speakerId, saved.speakerLabel)}
          />
        </div>

        <Button type="submit" pending={pending}>
          {t('save')}
        </Button>
      </form>
    </div>
  );
}
