import { Button, Input, Text, View } from '@tarojs/components'
import { ANSWER_MAX_LENGTH, type BookingQuestion, type ServiceDetail, type Slot } from '@linli/shared'
import { useEffect } from 'react'
import { type ActionState, useAction } from '../../../../state/use-action'
import { type SlotChoice, useSlotChoice } from './slot-picker'

/** What every mode of the book page is given: the service, its slots, and a way to reread them. */
export interface BookModeProps {
  service: ServiceDetail
  slots: Slot[]
  refreshSlots(): void
}

// Seats move while a person decides: after these refusals the page shows the latest counts.
const SEAT_REFUSALS = new Set(['SLOT_FULL', 'SLOT_CLOSED'])

export interface BookingForm {
  choice: SlotChoice
  action: ActionState
  /** The tap handler that sends the chosen slot with this attempt's idempotency key. */
  submit(send: (slot: Slot, idempotencyKey: string) => Promise<void>): () => void
}

/**
 * The slot a form books and its one submit action. Another slot (or another person served) is a
 * new request with a new key; a refusal because seats moved rereads the slots.
 */
export function useBookingForm(slots: Slot[], refreshSlots: () => void, person?: string): BookingForm {
  const choice = useSlotChoice(slots)
  const action = useAction()
  const { renewKey } = action
  const chosenId = choice.chosen?.id
  useEffect(renewKey, [chosenId, person, renewKey])
  const submit = (send: (slot: Slot, idempotencyKey: string) => Promise<void>) => () => {
    const slot = choice.chosen
    if (!slot) return
    void action.run((key) => send(slot, key)).then((error) => {
      if (error && SEAT_REFUSALS.has(error.code)) refreshSlots()
    })
  }
  return { choice, action, submit }
}

export function ServiceHeading({ service, mode }: { service: ServiceDetail; mode?: string }) {
  return (
    <View>
      <Text className="headline">{mode ? `${mode}：${service.name}` : service.name}</Text>
      <Text className="muted kv">{service.facility?.name ?? service.communityName}</Text>
    </View>
  )
}

/** The service's own questions (饮食禁忌, 行动是否方便 …), each with its error beneath. */
export function AnswerFields({
  questions,
  answers,
  onAnswer,
  fieldError,
  edited,
}: {
  questions: BookingQuestion[]
  answers: Record<string, string>
  onAnswer(questionId: string, value: string): void
  /** The form's action's: an answer she has corrected no longer shows the refusal under it. */
  fieldError: ActionState['fieldError']
  edited: ActionState['edited']
}) {
  return (
    <View>
      {questions.map((q) => (
        <View key={q.id} className="field">
          <Text className="field__label">
            {q.label}
            {q.required ? '（必填）' : '（选填）'}
          </Text>
          <Input
            className={`input answer-${q.id}`}
            nativeProps={{ 'aria-label': q.label }}
            maxlength={Math.min(q.maxLength, ANSWER_MAX_LENGTH)}
            value={answers[q.id] ?? ''}
            onInput={(e) => {
              onAnswer(q.id, e.detail.value)
              edited(`answers.${q.id}`)
            }}
          />
          {fieldError(`answers.${q.id}`) && <Text className="field__error">{fieldError(`answers.${q.id}`)}</Text>}
        </View>
      ))}
    </View>
  )
}

/** The refusal that belongs to no one field, then the button; it reads 正在提交… while the request runs. */
export function SubmitBar({ action, label, onSubmit }: { action: ActionState; label: string | null; onSubmit(): void }) {
  const { busy, error } = action
  return (
    <View>
      {error && error.fields.length === 0 && <Text className="field__error kv booking-error">{error.message}</Text>}
      <Button className="btn btn--main submit-booking" disabled={label === null || busy} onClick={onSubmit}>
        {busy ? '正在提交…' : label ?? '请先选择时段'}
      </Button>
    </View>
  )
}
