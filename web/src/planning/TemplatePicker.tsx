import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlanning } from './directory';
import { useLoad } from './useLoad';

/** Applying a template replaces objectives, vocabulary, activities and materials. */
export function TemplatePicker({ onApply }: { onApply: (templateId: string) => Promise<void> }) {
  const { t } = useTranslation();
  const { api } = usePlanning();
  const templates = useLoad('templates', () => api.call('listTemplates'));
  const [templateId, setTemplateId] = useState('');
  const list = templates.data?.templates ?? [];
  if (list.length === 0) return null;
  return (
    <div className="inline-form">
      <label>
        {t('planning.plan.template')}
        <select value={templateId} onChange={(event) => setTemplateId(event.target.value)}>
          <option value="">—</option>
          {list.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
              {template.level ? ` (${template.level})` : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!templateId} onClick={() => void onApply(templateId)}>
        {t('planning.plan.templateButton')}
      </button>
    </div>
  );
}
