import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteResult } from '../../../lesson-plans/contract/define';
import type { PLANNING_API } from '../../../lesson-plans/contract/apis';
import type { SchoolClass, SessionState } from '../api/planning';
import { usePlanning } from './directory';
import { useLoad } from './useLoad';

type Routes = typeof PLANNING_API.routes;
type RecapContent = RouteResult<Routes['previewRecap']>['content'];
type FamilyLink = RouteResult<Routes['issueFamilyLink']>;

const PUBLISHABLE: readonly SessionState[] = ['live', 'done'];

function RecapPreview({ content, home }: { content: RecapContent; home: string }) {
  const { t } = useTranslation();
  const names = new Map(content.materials.map((material) => [material.id, material.name]));
  return (
    <section className="recap-preview" aria-labelledby="recap-preview-h">
      <h3 id="recap-preview-h">{t('planning.recap.previewHeading')}</h3>
      <h4>{t('planning.recap.objectives')}</h4>
      <ul>
        {content.objectives.map((objective) => (
          <li key={objective} lang="en">
            {objective}
          </li>
        ))}
      </ul>
      <h4>{t('planning.recap.words')}</h4>
      <ul>
        {content.vocabulary.map((item) => (
          <li key={item.word}>
            <span lang="en">{item.word}</span> — {item.translation}
            {item.pictureId && ` (${t('planning.recap.withPicture')})`}
            {item.audioId && ` (${t('planning.recap.withAudio')})`}
          </li>
        ))}
      </ul>
      <h4>{t('planning.recap.activities')}</h4>
      <ul>
        {content.activities.map((title) => (
          <li key={title} lang="en">
            {title}
          </li>
        ))}
      </ul>
      <h4>{t('planning.recap.materials')}</h4>
      <ul>
        {[...names].map(([id, name]) => (
          <li key={id}>{name}</li>
        ))}
      </ul>
      <h4>{t('planning.recap.home')}</h4>
      <p>{home}</p>
    </section>
  );
}

type Audit = RouteResult<Routes['recapAudit']>;

function AuditList({ audit }: { audit: Audit['audit'] }) {
  const { t, i18n } = useTranslation();
  if (audit.length === 0) return null;
  return (
    <details>
      <summary>{t('planning.recap.audit')}</summary>
      <ul>
        {audit.map((entry) => (
          <li key={`${entry.action}-${entry.version}-${entry.at}`}>
            {t('planning.recap.auditEntry', {
              when: new Date(entry.at).toLocaleString(i18n.language),
              action: t(`planning.recap.actions.${entry.action}`),
              version: entry.version,
              name: entry.byName,
            })}
          </li>
        ))}
      </ul>
    </details>
  );
}

function CurrentStatus({ current }: { current: Audit['current'] }) {
  const { t, i18n } = useTranslation();
  return (
    <p role="status">
      {current
        ? t('planning.recap.published', {
            version: current.version,
            when: new Date(current.publishedAt).toLocaleString(i18n.language),
          })
        : t('planning.recap.none')}
    </p>
  );
}

/**
 * Publishing the lesson's recap for its families (its tutor, its classes' teachers):
 * a preview built by the server from the plan, the home activity, publish, withdraw,
 * and who did what when. Publishing needs a preview first.
 */
export function RecapPanel({ sessionId, state }: { sessionId: string; state: SessionState }) {
  const { t } = useTranslation();
  const { api } = usePlanning();
  const loaded = useLoad(sessionId, () => api.call('recapAudit', { params: { id: sessionId } }));
  const [home, setHome] = useState<string | null>(null);
  const [preview, setPreview] = useState<RecapContent | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (!PUBLISHABLE.includes(state)) return <p>{t('planning.recap.notYet')}</p>;
  const current = loaded.data?.current ?? null;
  const homeText = home ?? current?.content.homeActivity ?? '';
  const run = (work: () => Promise<unknown>) =>
    work().then(
      () => (setMessage(null), loaded.reload()),
      (error: Error) => setMessage(error.message),
    );
  const params = { params: { id: sessionId } };
  const showPreview = async () => setPreview((await api.call('previewRecap', params)).content);
  const publish = () => api.call('publishRecap', { ...params, body: { homeActivity: homeText } });
  return (
    <>
      <p>{t('planning.recap.intro')}</p>
      <CurrentStatus current={current} />
      <label>
        {t('planning.recap.home')}
        <textarea
          value={homeText}
          maxLength={1000}
          rows={3}
          onChange={(event) => setHome(event.target.value)}
        />
      </label>
      <div className="recap-buttons">
        <button type="button" onClick={() => void run(showPreview)}>
          {t('planning.recap.preview')}
        </button>
        <button type="button" disabled={preview === null} onClick={() => void run(publish)}>
          {t(current ? 'planning.recap.republish' : 'planning.recap.publish')}
        </button>
        {current && (
          <button type="button" onClick={() => void run(() => api.call('unpublishRecap', params))}>
            {t('planning.recap.unpublish')}
          </button>
        )}
      </div>
      {message && (
        <p role="alert" className="error-text">
          {message}
        </p>
      )}
      {preview && <RecapPreview content={preview} home={homeText} />}
      <AuditList audit={loaded.data?.audit ?? []} />
    </>
  );
}

/** A class's family link: issued for the current term by its teacher or the coordinator. */
export function FamilyLinkPanel({ schoolClass }: { schoolClass: SchoolClass }) {
  const { t } = useTranslation();
  const { api } = usePlanning();
  const [link, setLink] = useState<FamilyLink | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const params = { params: { id: schoolClass.id } };
  const className = schoolClass.name;
  return (
    <div className="family-link">
      <button
        type="button"
        onClick={() =>
          void api
            .call('issueFamilyLink', params)
            .then(setLink, (e: Error) => setMessage(e.message))
        }
      >
        {t('planning.recap.issueLink', { className })}
      </button>{' '}
      <button
        type="button"
        onClick={() =>
          void api.call('revokeFamilyLink', params).then(
            () => (setLink(null), setMessage(t('planning.recap.linkRevoked'))),
            (e: Error) => setMessage(e.message),
          )
        }
      >
        {t('planning.recap.revokeLink', { className })}
      </button>
      {message && <p role="status">{message}</p>}
      {link && (
        <>
          <p>{t('planning.recap.linkIssued', { term: link.termName })}</p>
          <input readOnly value={link.url} aria-label={t('planning.recap.link', { className })} />
          <p>{t('planning.recap.feed')}</p>
          <input readOnly value={link.feedUrl} aria-label={t('planning.recap.feed')} />
        </>
      )}
    </div>
  );
}
