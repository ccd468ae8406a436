import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { calendarApi } from '../api/calendar'
import { useAppState } from '../state/app-state'
import { useRequest } from '../state/use-request'

export const CALENDAR_PAGE = '/packages/staff/pages/calendar/index'

/**
 * Tells staff when a year's State Council holiday notice is missing (from 1 December for next
 * year): until it is loaded, 整改期限 and other working-day deadlines skip only weekends and the
 * fixed-date holidays. A street admin gets the way to load it. If the check itself fails it shows
 * nothing: the board must work without it, and the calendar page shows its own errors.
 */
export function CalendarWarning() {
  const { me } = useAppState()
  const roles = me?.roles ?? []
  const isStaff = roles.some((r) => r.role === 'staff' || r.role === 'street_admin')
  const canLoad = roles.some((r) => r.role === 'street_admin')
  const status = useRequest(isStaff ? `calendar-status:${me?.id ?? ''}` : null, () => calendarApi.calendarStatus())
  const warning = status.data?.warning
  if (!warning) return null
  return (
    <View className="card calendar-warning" aria-live="polite">
      <Text className="kv calendar-warning__text">⚠ {warning}</Text>
      {canLoad && (
        <Button className="btn calendar-warning__load" onClick={() => Taro.navigateTo({ url: CALENDAR_PAGE })}>
          导入节假日安排
        </Button>
      )}
    </View>
  )
}
