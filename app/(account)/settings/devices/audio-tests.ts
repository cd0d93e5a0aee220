'use client';

/** Browser-only helpers for the Test buttons. Every failure is returned or thrown to the caller to show. */

type SinkCapable = { setSinkId?: (sinkId: string) => Promise<void> };

/** How the browser lets a page pick the output device, if at all. */
export function speakerSelection(): 'context' | 'element' | 'none' {
  if (typeof window === 'undefined') return 'none';
  if (typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype) return 'context';
  if (typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype) return 'element';
  return 'none';
}

/** 0..1 from a block of samples: RMS on a -60…0 dBFS scale, which moves visibly with speech. */
function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  return Math.min(1, Math.max(0, (20 * Math.log10(rms) + 60) / 60));
}

/** Opens the microphone and reports its level every frame until the returned function is called. */
export async function startInputMeter(deviceId: string, onLevel: (level: number) => void): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: deviceId ? { deviceId: { exact: deviceId } } : true,
  });
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let frame = 0;
  const tick = () => {
    analyser.getFloatTimeDomainData(samples);
    onLevel(levelOf(samples));
    frame = requestAnimationFrame(tick);
  };
  tick();
  return () => {
    cancelAnimationFrame(frame);
    stream.getTracks().forEach((track) => track.stop());
    void context.close().catch(() => {});
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two short beeps on the chosen output. Where the browser cannot choose an output they play on
 * the default one; the result says which happened.
 */
export async function playTestTone(sinkId: string): Promise<'chosen' | 'default'> {
  const how = speakerSelection();
  const context = new AudioContext();
  const audio = how === 'element' && sinkId ? new Audio() : null;
  try {
    if (how === 'context' && sinkId) await (context as unknown as SinkCapable).setSinkId!(sinkId);
    const gain = context.createGain();
    gain.gain.value = 0;
    if (audio) {
      const destination = context.createMediaStreamDestination();
      gain.connect(destination);
      audio.srcObject = destination.stream;
      await (audio as unknown as SinkCapable).setSinkId!(sinkId);
      await audio.play();
    } else {
      gain.connect(context.destination);
    }
    await context.resume();
    const start = context.currentTime + 0.05;
    [660, 880].forEach((frequency, i) => {
      const at = start + i * 0.35;
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(0.2, at + 0.02);
      gain.gain.setValueAtTime(0.2, at + 0.23);
      gain.gain.linearRampToValueAtTime(0, at + 0.25);
      oscillator.start(at);
      oscillator.stop(at + 0.26);
    });
    await wait(850);
    return how === 'none' && sinkId ? 'default' : 'chosen';
  } finally {
    audio?.pause();
    await context.close().catch(() => {});
  }
}
