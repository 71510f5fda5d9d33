import { useId } from 'react';

export interface SegmentedProps<T extends string> {
  legend: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}

/** A small group of radio buttons styled as a toggle (arrow keys move between options). */
export function Segmented<T extends string>(props: SegmentedProps<T>) {
  const name = useId();
  return (
    <fieldset className="segmented">
      <legend>{props.legend}</legend>
      <div className="segmented-options">
        {props.options.map((o) => (
          <label key={o.value} className={o.value === props.value ? 'on' : undefined}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={o.value === props.value}
              onChange={() => props.onChange(o.value)}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
