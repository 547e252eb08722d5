import { useEffect, useRef, useState } from 'react';

/** Containers messengers play as voice notes, best first: Firefox records OGG/Opus, Chrome WebM/Opus (the server remuxes it). */
const TYPES = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/webm'];

export type RecorderState = { phase: 'idle' } | { phase: 'recording'; seconds: number } | { phase: 'error'; reason: 'denied' | 'unavailable' };

/** Records a voice note with MediaRecorder: start, stop (gives the recording), cancel (throws it away). */
export function useVoiceRecorder() {
  const [state, setState] = useState<RecorderState>({ phase: 'idle' });
  const recorder = useRef<MediaRecorder | null>(null);
  const timer = useRef<number | null>(null);
  const chunks = useRef<Blob[]>([]);

  const release = () => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
    recorder.current?.stream.getTracks().forEach((track) => track.stop());
    recorder.current = null;
  };
  useEffect(() => release, []);

  async function start(): Promise<void> {
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) return setState({ phase: 'error', reason: 'unavailable' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      return setState({ phase: 'error', reason: 'denied' });
    }
    const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    const next = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    chunks.current = [];
    next.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.current.push(event.data);
    };
    next.start(250);
    recorder.current = next;
    const startedAt = Date.now();
    setState({ phase: 'recording', seconds: 0 });
    timer.current = window.setInterval(() => setState({ phase: 'recording', seconds: Math.floor((Date.now() - startedAt) / 1000) }), 250);
  }

  /** Ends the recording and hands over the file (null when nothing was recorded). */
  function stop(): Promise<File | null> {
    const current = recorder.current;
    if (!current) return Promise.resolve(null);
    return new Promise((resolve) => {
      current.onstop = () => {
        const type = (current.mimeType || 'audio/webm').split(';')[0]!;
        const recorded = chunks.current;
        release();
        setState({ phase: 'idle' });
        resolve(recorded.length ? new File(recorded, `voice.${type.endsWith('ogg') ? 'ogg' : 'webm'}`, { type }) : null);
      };
      current.stop();
    });
  }

  function cancel(): void {
    if (recorder.current) {
      recorder.current.onstop = null;
      recorder.current.stop();
    }
    release();
    setState({ phase: 'idle' });
  }

  return { state, start, stop, cancel };
}

/** 0:07, 1:25 */
export function formatDuration(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
