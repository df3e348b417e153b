import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ENT_API, type EntRequest } from '../../../lesson-plans/contract/ent';
import type { PlanningRole } from '../../../lesson-plans/contract/roles';
import { createApiClient } from '../api/client';
import { i18next } from '../i18n';
import { usePlanning } from '../planning/directory';
import { useLoad } from '../planning/useLoad';

i18next.addResourceBundle(
  'fr',
  'translation',
  {
    signins: {
      heading: 'Connexions ENT en attente',
      intro:
        "Ces personnes se sont connectées par l'ENT sans être connues de l'annuaire. Rattachez chacune à une personne de l'annuaire, ou refusez (la demande est alors effacée). Une demande non traitée est effacée après 30 jours.",
      none: 'Aucune demande en attente.',
      role: 'Rôle',
      person: 'Personne',
      approve: 'Valider',
      reject: 'Refuser',
    },
  },
  true,
  true,
);
i18next.addResourceBundle(
  'en',
  'translation',
  {
    signins: {
      heading: 'ENT sign-ins waiting',
      intro:
        'These people signed in through the ENT but the directory does not know them. Link each to a person of the directory, or refuse (the request is then deleted). A request left undecided is deleted after 30 days.',
      none: 'No request waiting.',
      role: 'Role',
      person: 'Person',
      approve: 'Approve',
      reject: 'Refuse',
    },
  },
  true,
  true,
);

const ROLES: readonly PlanningRole[] = ['tutor', 'teacher', 'inspector', 'coordinator'];

/** Coordinator: the held ENT sign-ins (/api/ent/requests), each approved or refused here. */
export function HeldSignInsScreen() {
  const { t } = useTranslation();
  const { identity } = usePlanning();
  const ent = useMemo(() => createApiClient(ENT_API, identity.token), [identity]);
  const requests = useLoad('ent-requests', () => ent.call('listEntRequests'));
  return (
    <div className="signins-screen">
      <h1>{t('signins.heading')}</h1>
      <p>{t('signins.intro')}</p>
      {requests.error && <p role="alert">{requests.error.message}</p>}
      {requests.data?.requests.length === 0 && <p role="status">{t('signins.none')}</p>}
      <ul>
        {requests.data?.requests.map((request) => (
          <HeldSignIn key={request.id} request={request} ent={ent} onDone={requests.reload} />
        ))}
      </ul>
    </div>
  );
}

type EntClient = ReturnType<typeof createApiClient<typeof ENT_API>>;

function HeldSignIn(props: { request: EntRequest; ent: EntClient; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const { request, ent } = props;
  const act = (work: Promise<unknown>) =>
    work.then(props.onDone, (failure: unknown) => setError(String((failure as Error).message)));
  return (
    <li className="signin-request">
      <strong>{request.displayName ?? request.entId}</strong> ({request.entId}, {request.provider},{' '}
      {new Date(request.requestedAt).toLocaleString()})
      <PersonChoice
        onApprove={(body) =>
          void act(ent.call('approveEntRequest', { params: { id: request.id }, body }))
        }
      />
      <button
        type="button"
        onClick={() => void act(ent.call('rejectEntRequest', { params: { id: request.id } }))}
      >
        {t('signins.reject')}
      </button>
      {error && <p role="alert">{error}</p>}
    </li>
  );
}

/** Who the held identity is: a role, then a person of the directory in that role. */
function PersonChoice(props: {
  onApprove: (choice: { role: PlanningRole; personId: string }) => void;
}) {
  const { t } = useTranslation();
  const { tutors, classes } = usePlanning();
  const [role, setRole] = useState<PlanningRole>('teacher');
  const [personId, setPersonId] = useState('');
  const people = peopleFor(role, tutors, classes);
  return (
    <>
      <label>
        {t('signins.role')}{' '}
        <select value={role} onChange={(event) => setRole(event.target.value as PlanningRole)}>
          {ROLES.map((candidate) => (
            <option key={candidate}>{candidate}</option>
          ))}
        </select>
      </label>
      <label>
        {t('signins.person')}{' '}
        {people ? (
          <select value={personId} onChange={(event) => setPersonId(event.target.value)}>
            <option value="" />
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        ) : (
          <input value={personId} onChange={(event) => setPersonId(event.target.value)} />
        )}
      </label>
      <button
        type="button"
        disabled={personId === ''}
        onClick={() => props.onApprove({ role, personId })}
      >
        {t('signins.approve')}
      </button>
    </>
  );
}

/** Tutors and teachers come from the directory already loaded; inspectors and coordinators by id. */
function peopleFor(
  role: PlanningRole,
  tutors: ReturnType<typeof usePlanning>['tutors'],
  classes: ReturnType<typeof usePlanning>['classes'],
): { id: string; name: string }[] | null {
  if (role === 'tutor') return tutors.map((tutor) => ({ id: tutor.id, name: tutor.name }));
  if (role !== 'teacher') return null;
  const byId = new Map(classes.map((c) => [c.teacherId, `${c.teacherName} (${c.name})`]));
  return [...byId].map(([id, name]) => ({ id, name }));
}
