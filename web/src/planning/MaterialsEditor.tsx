import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Material, MaterialKind } from '../api/planning';
import { usePlanning } from './directory';
import { toError } from './useLoad';

const KINDS: MaterialKind[] = ['image', 'flashcard', 'audio', 'document'];

interface MaterialsEditorProps {
  materials: Material[];
  attachedIds: string[];
  onUploaded: (material: Material) => void;
  onChange: (materialIds: string[]) => void;
}

/** Materials are uploaded once and shared across classes; a plan only lists their ids. */
export function MaterialsEditor({
  materials,
  attachedIds,
  onUploaded,
  onChange,
}: MaterialsEditorProps) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState('');
  const attached = materials.filter((material) => attachedIds.includes(material.id));
  const available = materials.filter((material) => !attachedIds.includes(material.id));
  return (
    <fieldset>
      <legend>{t('planning.plan.materials')}</legend>
      {attached.length === 0 && <p>{t('planning.plan.none')}</p>}
      <ul>
        {attached.map((material) => (
          <li key={material.id}>
            {material.name} ({t(`planning.plan.kinds.${material.kind}`)}){' '}
            <button
              type="button"
              className="small"
              aria-label={t('planning.plan.removeItem', { what: material.name })}
              onClick={() => onChange(attachedIds.filter((id) => id !== material.id))}
            >
              {t('planning.plan.remove')}
            </button>
          </li>
        ))}
      </ul>
      {available.length > 0 && (
        <div className="inline-form">
          <label>
            {t('planning.plan.attach')}
            <select value={choice} onChange={(event) => setChoice(event.target.value)}>
              <option value="">—</option>
              {available.map((material) => (
                <option key={material.id} value={material.id}>
                  {material.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={!choice}
            onClick={() => (onChange([...attachedIds, choice]), setChoice(''))}
          >
            {t('planning.plan.attachButton')}
          </button>
        </div>
      )}
      <MaterialUpload
        onUploaded={(material) => (onUploaded(material), onChange([...attachedIds, material.id]))}
      />
    </fieldset>
  );
}

/** A nested <form> is invalid HTML, so the upload is a group of fields with its own button. */
function MaterialUpload({ onUploaded }: { onUploaded: (material: Material) => void }) {
  const { t } = useTranslation();
  const { api } = usePlanning();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<MaterialKind>('image');
  const [error, setError] = useState('');
  const upload = () => {
    if (!file) return;
    api.call('uploadMaterial', { body: { name: name || file.name, kind }, file }).then(
      ({ material }) => (onUploaded(material), setFile(null), setName(''), setError('')),
      (reason: unknown) => setError(toError(reason).message),
    );
  };
  return (
    <div className="upload" role="group" aria-labelledby="upload-h">
      <h3 id="upload-h">{t('planning.plan.upload')}</h3>
      <label>
        {t('planning.plan.file')}
        <input type="file" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
      </label>
      <label>
        {t('planning.plan.materialName')}
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <label>
        {t('planning.plan.kind')}
        <select value={kind} onChange={(event) => setKind(event.target.value as MaterialKind)}>
          {KINDS.map((option) => (
            <option key={option} value={option}>
              {t(`planning.plan.kinds.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!file} onClick={upload}>
        {t('planning.plan.uploadButton')}
      </button>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
