import { Input } from '@tarojs/components'
import { Field } from '../../../components/field'

/**
 * Who a staff form is about, found as the counter finds a resident of the community: her name and
 * birth date, and her phone when two share both (the walk-in, the participant tags, 解除房屋登记).
 */
export interface ResidentWho {
  name: string
  birthDate: string
  phone: string
}

export const NO_RESIDENT: ResidentWho = { name: '', birthDate: '', phone: '' }

/** The request's fields, trimmed; the phone only when given. */
export function residentInput(who: ResidentWho): { name: string; birthDate: string; phone?: string } {
  return { name: who.name.trim(), birthDate: who.birthDate.trim(), ...(who.phone.trim() ? { phone: who.phone.trim() } : {}) }
}

/** The fields, classed `${prefix}-name` / `-birth` / `-phone`; no phone field without `phoneLabel`. */
export function ResidentFields({
  prefix,
  who,
  onChange,
  fieldError,
  phoneLabel,
}: {
  prefix: string
  who: ResidentWho
  onChange(who: ResidentWho): void
  fieldError(path: string): string | undefined
  phoneLabel?: string
}) {
  const field = (key: keyof ResidentWho, label: string, input: { className: string; maxlength: number; placeholder?: string; type?: 'number' }, aria = label) => (
    <Field label={label} error={fieldError(key)}>
      <Input {...input} className={`input ${input.className}`} nativeProps={{ 'aria-label': aria }} value={who[key]} onInput={(e) => onChange({ ...who, [key]: e.detail.value })} />
    </Field>
  )
  return (
    <>
      {field('name', '居民姓名', { className: `${prefix}-name`, maxlength: 20 })}
      {field('birthDate', '出生日期', { className: `${prefix}-birth`, maxlength: 10, placeholder: '如 1950-03-15' })}
      {phoneLabel && field('phone', phoneLabel, { className: `${prefix}-phone`, maxlength: 11, type: 'number' }, '手机号')}
    </>
  )
}
