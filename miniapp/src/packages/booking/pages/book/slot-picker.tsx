import { Text, View } from '@tarojs/components'
import type { Slot } from '@linli/shared'
import { useEffect, useMemo, useState } from 'react'
import { Chips } from '../../../../components/chips'
import { dayLabel } from '../../../../components/dates'
import { Empty } from '../../../../components/state-view'

export interface SlotChoice {
  /** Days the person can pick: those beyond the booking window are left out, closed days stay so their reason can be read. */
  dates: string[]
  date: string | null
  chooseDate(date: string): void
  /** The chosen slot as the latest list shows it (its seats move while the person decides). */
  chosen: Slot | null
  chooseSlot(id: string | null): void
}

/** The day and slot a person picks, opening on the first day with a free seat. */
export function useSlotChoice(slots: Slot[]): SlotChoice {
  const dates = useMemo(() => [...new Set(slots.filter((s) => s.state !== 'unavailable').map((s) => s.date))], [slots])
  const [date, setDate] = useState<string | null>(null)
  const [slotId, setSlotId] = useState<string | null>(null)
  useEffect(() => {
    if (date === null) {
      const firstOpen = slots.find((s) => s.state === 'open') ?? slots.find((s) => s.state !== 'unavailable')
      setDate(firstOpen?.date ?? null)
    }
  }, [slots, date])
  return {
    dates,
    date,
    chooseDate: (next) => {
      setDate(next)
      setSlotId(null)
    },
    chosen: slots.find((s) => s.id === slotId) ?? null,
    chooseSlot: setSlotId,
  }
}

function slotText(slot: Slot): string {
  if (slot.state === 'closed') return `暂停：${slot.note ?? ''}`
  if (slot.state === 'unavailable') return '不在预约时间内'
  if (slot.state === 'full') return `已约满${slot.waitlisted > 0 ? `（候补${slot.waitlisted}人）` : ''}，可候补`
  return `剩余 ${slot.remaining} 个名额`
}

/** Date chips, then the chosen day's slots; a full slot is selectable only where the mode can join its waitlist. */
export function SlotPicker({ slots, choice, waitlist }: { slots: Slot[]; choice: SlotChoice; waitlist: boolean }) {
  const { dates, date, chosen } = choice
  return (
    <View>
      <Text className="title">选择日期</Text>
      {dates.length === 0 ? (
        <Empty text="近两周没有开放的时段" />
      ) : (
        <Chips className="date-chips" choices={dates.map((d) => ({ value: d, label: dayLabel(d) }))} value={date} onChange={choice.chooseDate} />
      )}
      {date && (
        <View className="section">
          <Text className="title">选择时段</Text>
          {slots
            .filter((s) => s.date === date)
            .map((s) => {
              const selectable = s.state === 'open' || (s.state === 'full' && waitlist)
              const active = chosen?.id === s.id
              return (
                <View
                  key={s.id}
                  className={`slot ${active ? 'slot--active' : ''} ${selectable ? '' : 'slot--disabled'}`}
                  onClick={() => selectable && choice.chooseSlot(s.id)}
                >
                  <Text>
                    {active ? '✓ ' : ''}
                    {s.time}
                  </Text>
                  <Text className="muted">{slotText(s)}</Text>
                </View>
              )
            })}
        </View>
      )}
    </View>
  )
}
