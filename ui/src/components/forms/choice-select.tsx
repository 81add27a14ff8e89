/**
 * A filter select: an "any" option, the known choices, and the current value even when it is not
 * (yet) among them, so a value from the URL stays selected while the choices load or after they
 * change with the time range.
 */
export function ChoiceSelect({
  name,
  value,
  anyLabel,
  choices,
  onChange,
  disabled,
}: {
  name: string;
  value: string;
  anyLabel: string;
  choices: readonly string[] | undefined;
  onChange: (value: string) => void;
  disabled?: boolean;
}) {
  return (
    <select className="select" value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} name={name}>
      <option value="">{anyLabel}</option>
      {choices?.map((choice) => (
        <option key={choice} value={choice}>
          {choice}
        </option>
      ))}
      {value && !choices?.includes(value) && <option value={value}>{value}</option>}
    </select>
  );
}
