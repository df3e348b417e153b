import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Camera preview and a microphone level bar, so the teacher can check both before the lesson. */
export function DeviceCheck() {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [level, setLevel] = useState(0);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let stream: MediaStream | undefined;
    let audio: AudioContext | undefined;
    let frame = 0;
    navigator.mediaDevices
      .getUserMedia({ video: true, audio: true })
      .then((media) => {
        stream = media;
        if (videoRef.current) videoRef.current.srcObject = media;
        audio = new AudioContext();
        const analyser = audio.createAnalyser();
        audio.createMediaStreamSource(media).connect(analyser);
        const samples = new Uint8Array(analyser.fftSize);
        const tick = () => {
          analyser.getByteTimeDomainData(samples);
          let peak = 0;
          for (const sample of samples) peak = Math.max(peak, Math.abs(sample - 128));
          setLevel(Math.min(1, peak / 64));
          frame = requestAnimationFrame(tick);
        };
        tick();
      })
      .catch(() => setFailed(true));
    // The lesson opens the devices again itself: release them when this check goes away.
    return () => {
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => track.stop());
      void audio?.close();
    };
  }, []);

  if (failed)
    return (
      <p className="banner warning" role="alert">
        {t('media.camera_refused')}
      </p>
    );
  return (
    <section className="device-check" aria-label={t('waiting.deviceCheck')}>
      <video
        ref={videoRef}
        className="video mirrored"
        autoPlay
        playsInline
        muted
        aria-label={t('waiting.cameraPreview')}
      />
      <div
        className="mic-meter"
        role="meter"
        aria-label={t('waiting.micLevel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(level * 100)}
      >
        <div className="mic-meter-fill" style={{ width: `${Math.round(level * 100)}%` }} />
      </div>
    </section>
  );
}
