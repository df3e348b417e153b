import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PathOutcome, ReadinessReport } from '../../../lesson-plans/contract/readiness';
import type { CheckTargets } from '../../../signaling/protocol';
import { ApiError } from '../api/client';
import { setLanguage } from '../i18n';
import { LanguageSwitch } from '../lesson/LanguageSwitch';
import { checkAndStore, type CheckCredential } from './checkAndStore';
import type { CheckProgress } from './runCheck';
import { adviceToShow } from './verdict';

type Phase =
  | { kind: 'running'; progress: CheckProgress | null }
  | {
      kind: 'done';
      progress: CheckProgress;
      report: ReadinessReport;
      targets: CheckTargets | null;
      stored: boolean;
    }
  | { kind: 'error'; message: string; keyRefused: boolean };

/**
 * The network readiness check of a whiteboard (`/classroom/<class>/check#key=…`) or of the
 * coordinator's computer (`/check#token=…`): runs at once,
 * shows each step as it goes, then the verdict and, for what is blocked, what to open.
 */
export function CheckPage({ credential }: { credential: CheckCredential | null }) {
  const { t } = useTranslation();
  const [phase, start] = useCheckRun(credential);
  const progress = phase.kind === 'error' ? null : phase.progress;
  return (
    <main className="screen check" data-testid="check-page" data-phase={phase.kind}>
      <header className="check-header">
        <h1>{t('check.title')}</h1>
        <LanguageSwitch />
      </header>
      <p>{t('check.intro')}</p>
      {!credential && <p role="alert">{t('check.tokenError')}</p>}
      {phase.kind === 'error' && (
        <p className="banner warning" role="alert">
          {phase.keyRefused ? t('check.tokenError') : t('check.error', { message: phase.message })}
        </p>
      )}
      {progress && <CheckSteps progress={progress} />}
      {phase.kind === 'running' && credential && <p className="big-status">{t('check.running')}</p>}
      {phase.kind === 'done' && (
        <Verdict report={phase.report} targets={phase.targets} stored={phase.stored} />
      )}
      <div className="check-actions">
        <button
          type="button"
          className="huge-button"
          disabled={phase.kind === 'running'}
          onClick={start}
        >
          {t('check.rerun')}
        </button>
        {credential?.kind === 'whiteboard' && (
          <a href={`${classroomPath()}#key=${encodeURIComponent(credential.key)}`}>
            {t('check.back')}
          </a>
        )}
      </div>
    </main>
  );
}

/** Runs the check at once and again on demand; one run at a time. */
function useCheckRun(credential: CheckCredential | null): [Phase, () => void] {
  const [phase, setPhase] = useState<Phase>({ kind: 'running', progress: null });
  const running = useRef(false);
  const start = useCallback(() => {
    if (!credential || running.current) return;
    running.current = true;
    setPhase({ kind: 'running', progress: null });
    checkAndStore(credential, (progress) =>
      setPhase({ kind: 'running', progress: { ...progress } }),
    )
      .then(
        ({ progress, report, targets, stored }) =>
          setPhase({ kind: 'done', progress, report, targets, stored }),
        (error: unknown) =>
          setPhase({
            kind: 'error',
            message: error instanceof Error ? error.message : String(error),
            keyRefused: error instanceof ApiError && error.code === 'unauthenticated',
          }),
      )
      .finally(() => (running.current = false));
  }, [credential]);
  useEffect(() => {
    setLanguage('fr');
    start();
  }, [start]);
  return [phase, start];
}

/** /classroom/<class>/check → /classroom/<class>; /check alone has no waiting screen to go back to. */
function classroomPath(): string {
  const match = /^(\/classroom\/[^/]+)\/check\/?$/.exec(window.location.pathname);
  return match?.[1] ?? '/';
}

function CheckSteps({ progress }: { progress: CheckProgress }) {
  const { t } = useTranslation();
  return (
    <ul className="check-steps">
      <li data-step="https" data-outcome={progress.https ? 'ok' : 'failed'}>
        {t('check.https')} : {progress.https ? t('check.httpsOk') : t('check.httpsNo')}
      </li>
      <li data-step="websocket" data-outcome={progress.websocket}>
        {t('check.websocket')} :{' '}
        {t(`check.${progress.websocket === 'pending' ? 'pending' : progress.websocket}`)}
      </li>
      {progress.paths.map((path) => (
        <PathRow key={path.path} path={path} />
      ))}
      {progress.running && (
        <li data-step={progress.running} data-outcome="running">
          {t(`check.path.${progress.running}`)} : {t('check.running')}
        </li>
      )}
    </ul>
  );
}

function PathRow({ path }: { path: PathOutcome }) {
  const { t, i18n } = useTranslation();
  const status =
    path.outcome === 'ok'
      ? t('check.ok')
      : path.outcome === 'failed'
        ? t('check.failed')
        : t('check.notConfigured');
  const number = (value: number, digits = 0) =>
    new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(value);
  const dash = '—';
  const loss = Math.max(path.upstreamLossPct ?? 0, path.downstreamLossPct ?? 0);
  return (
    <li
      data-step={path.path}
      data-outcome={path.outcome}
      data-up={path.upstreamBps ?? ''}
      data-down={path.downstreamBps ?? ''}
      data-rtt={path.rttMs ?? ''}
      data-loss={path.outcome === 'ok' ? loss : ''}
      data-duration={path.durationMs}
    >
      {t(`check.path.${path.path}`)} : {status}
      {path.outcome === 'ok' && (
        <span className="check-figures">
          {' — '}
          {t('check.figures', {
            up: path.upstreamBps === null ? dash : `${number(path.upstreamBps / 1e6, 2)} Mbit/s`,
            down:
              path.downstreamBps === null ? dash : `${number(path.downstreamBps / 1e6, 2)} Mbit/s`,
            rtt: path.rttMs === null ? dash : `${number(path.rttMs)} ms`,
            loss: `${number(loss, 1)} %`,
          })}
        </span>
      )}
    </li>
  );
}

function Verdict({
  report,
  targets,
  stored,
}: {
  report: ReadinessReport;
  targets: CheckTargets | null;
  stored: boolean;
}) {
  const { t } = useTranslation();
  const advice = adviceToShow(report, targets);
  return (
    <section className="check-verdict" aria-live="polite">
      <p
        className="big-status"
        data-testid="check-verdict"
        data-verdict={report.verdict}
        data-weak={report.weak}
      >
        {t(`check.verdict.${report.verdict}`)}
      </p>
      {report.weak && <p data-testid="check-weak">{t('check.weak')}</p>}
      <p data-testid="check-saved">{stored ? t('check.saved') : t('check.notSaved')}</p>
      {advice.length > 0 && (
        <div data-testid="check-advice">
          <p>{report.verdict === 'not-ready' ? t('check.open') : t('check.optional')}</p>
          <ul>
            {advice.map((line) => (
              <li key={line.path} data-path={line.path}>
                {t(`check.path.${line.path}`)} — {t('check.openLine', { ...line })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
