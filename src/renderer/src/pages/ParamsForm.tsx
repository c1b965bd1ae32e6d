// A scenario's parameters, one input per typed catalog param, with bounds and inline validation.
import type { CatalogParam } from '../../../shared/results';
import { Field } from '../components/Field';
import type { FieldErrors } from './new-run-model';

export function ParamsForm({ params, values, errors, onChange }: { params: CatalogParam[]; values: Record<string, string>; errors: FieldErrors; onChange: (name: string, value: string) => void }) {
  if (params.length === 0) return <p className="muted">This scenario has no parameters.</p>;
  return (
    <div className="form-grid">
      {params.map((p) => {
        const value = values[p.name] ?? p.default;
        const bounds = [p.min !== undefined && `min ${p.min}`, p.max !== undefined && `max ${p.max}`].filter(Boolean).join(', ');
        const hint = [p.help, bounds && `(${bounds})`, `default ${p.default}`].filter(Boolean).join(' ');
        return (
          <Field key={p.name} name={`plan.target.params.${p.name}`} label={p.name} error={errors[`plan.target.params.${p.name}`]} hint={hint}>
            <ParamInput param={p} value={value} onChange={(v) => onChange(p.name, v)} />
          </Field>
        );
      })}
    </div>
  );
}

function ParamInput({ param, value, onChange }: { param: CatalogParam; value: string; onChange: (v: string) => void }) {
  switch (param.type) {
    case 'bool':
      return <input type="checkbox" checked={value === 'true'} onChange={(e) => onChange(String(e.target.checked))} />;
    case 'enum':
      return (
        <select value={value} onChange={(e) => onChange(e.target.value)}>
          {param.choices?.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      );
    case 'int':
    case 'float':
      return <input type="number" inputMode="decimal" step={param.type === 'int' ? 1 : 'any'} min={param.min} max={param.max} value={value} onChange={(e) => onChange(e.target.value)} />;
    default:
      return <input type="text" value={value} onChange={(e) => onChange(e.target.value)} />;
  }
}
