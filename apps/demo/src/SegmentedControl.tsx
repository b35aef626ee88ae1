export interface Segment<T extends string> {
  value: T
  label: string
  /** The radio's accessible name when the visible label alone is too short to say it. */
  name?: string
}

/** A labelled row of radio buttons drawn as one control: one choice of a few. */
export function SegmentedControl<T extends string>({
  legend,
  name,
  value,
  segments,
  onChange,
}: {
  legend: string
  name: string
  value: T
  segments: ReadonlyArray<Segment<T>>
  onChange: (value: T) => void
}) {
  return (
    <fieldset className="segmented">
      <legend>{legend}</legend>
      <div className="segmented__options">
        {segments.map((segment) => (
          <label key={segment.value} className="segmented__option">
            <input
              type="radio"
              name={name}
              value={segment.value}
              checked={value === segment.value}
              aria-label={segment.name}
              onChange={() => onChange(segment.value)}
            />
            <span>{segment.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
