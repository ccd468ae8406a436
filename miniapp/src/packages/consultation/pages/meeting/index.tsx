import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import {
  type DeskEntry,
  MEETING_MINUTES_MAX_LENGTH,
  MEETING_REASON_MAX_LENGTH,
  MEETING_TALLY_LABEL_MAX_LENGTH,
  type Meeting,
  PARTICIPANT_TAG_LABELS,
  PARTICIPANT_TAGS,
  type ParticipantTag,
} from '@linli/shared'
import { useState } from 'react'
import { saveCsv } from '../../../../api/download'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { meetingsApi } from '../../api/meetings'
import { MeetingCard, QuorumLine } from '../../components/meetings'
import { NO_RESIDENT, ResidentFields, residentInput } from '../../components/resident-fields'

/**
 * 签到 by the code she shows, or by her name in the masked list; the count present after each.
 * After the meeting the same list is its attendance (已签到 / 现场参会 / 缺席), read only.
 */
function CheckInDesk({ meeting, onChanged }: { meeting: Meeting; onChanged: () => void }) {
  const ended = meeting.phase === 'ended'
  const [code, setCode] = useState('')
  const [q, setQ] = useState('')
  const [search, setSearch] = useState('')
  const [version, setVersion] = useState(0)
  const [cursor, setCursor] = useState<string | undefined>(undefined)
  const desk = useRequest(`desk:${meeting.id}:${search}:${cursor ?? ''}:${version}`, () => meetingsApi.desk(meeting.id, { q: search || undefined, cursor }))
  const checking = useAction()
  const after = (result: { entry: DeskEntry; present: number }) => {
    setVersion((n) => n + 1)
    onChanged()
    return `✓ ${result.entry.name} 已签到，到会 ${result.present} 人`
  }
  const byCode = () =>
    checking.run(async () => {
      const result = await meetingsApi.checkIn(meeting.id, { code: code.trim() })
      setCode('')
      return after(result)
    })
  const byList = (entry: DeskEntry) => checking.run(async () => after(await meetingsApi.checkIn(meeting.id, { registrationId: entry.registrationId })))
  const page = desk.data
  return (
    <View className="card desk">
      <Text className="title">{ended ? '报名与出席情况' : '现场签到台'}</Text>
      {page ? <QuorumLine quorum={page.quorum} present={page.present} ended={ended} /> : <Waiting request={desk} />}
      <Text className="muted kv">{page?.quorum.basis}</Text>
      {!ended && (
        <View className="field">
          <Text className="field__label">签到码（6 位数字）</Text>
          <Input className="input desk-code" type="number" maxlength={6} nativeProps={{ 'aria-label': '签到码' }} value={code} onInput={(e) => setCode(e.detail.value)} />
          <Button className="btn btn--main desk-check-in" disabled={checking.busy || code.trim().length !== 6} onClick={byCode}>
            按签到码签到
          </Button>
        </View>
      )}
      <ActionResult action={checking} className="desk-result" />
      <View className="field">
        <Text className="field__label">按姓名查找报名的居民</Text>
        <Input className="input desk-search" nativeProps={{ 'aria-label': '按姓名查找' }} maxlength={20} value={q} onInput={(e) => setQ(e.detail.value)} />
        <Button
          className="btn desk-search-go"
          onClick={() => {
            setCursor(undefined)
            setSearch(q.trim())
          }}
        >
          查找
        </Button>
      </View>
      {page && page.items.length === 0 && <Empty text={search ? '没有找到这个名字的报名居民，可按下方“现场参会登记”' : '还没有居民报名'} />}
      {page?.items.map((e) => (
        <View key={e.registrationId} className="row desk-entry">
          <Text className="desk-name">
            {e.name} · {e.attendanceLabel}
            {e.status === 'waitlisted' ? '（候补）' : ''}
          </Text>
          {e.attendance === 'expected' && (
            <Button className="btn desk-entry-check-in" disabled={checking.busy} onClick={() => byList(e)}>
              签到
            </Button>
          )}
        </View>
      ))}
      {page?.nextCursor && (
        <Button className="btn desk-more" onClick={() => setCursor(page.nextCursor ?? undefined)}>
          下一页
        </Button>
      )}
    </View>
  )
}

/** 现场参会登记: a resident who did not register, checked against the community's records by name and birth date. */
function WalkInForm({ meeting, onChanged }: { meeting: Meeting; onChanged: () => void }) {
  const [who, setWho] = useState(NO_RESIDENT)
  const action = useAction()
  const submit = () =>
    action.run(async (key) => {
      const result = await meetingsApi.walkIn(meeting.id, residentInput(who), key)
      setWho(NO_RESIDENT)
      onChanged()
      return `✓ ${result.entry.name} 现场参会，到会 ${result.present} 人`
    })
  const fieldError = (path: string) => action.error?.fields.find((f) => f.path === path)?.message
  return (
    <View className="card walk-in">
      <Text className="title">现场参会登记（未报名的本社区居民）</Text>
      <Text className="muted kv">请核对证件：按姓名和出生日期找到本社区登记的居民。</Text>
      <ResidentFields prefix="walk-in" who={who} onChange={setWho} fieldError={fieldError} phoneLabel="手机号（同名同生日时用来区分，没有可不填）" />
      <Button className="btn btn--main walk-in-submit" disabled={action.busy} onClick={submit}>
        登记到会
      </Button>
      <ActionResult action={action} describe={(e) => (e.fields.length ? '请按提示修改' : e.message)} />
    </View>
  )
}

/** 现场举手表决: one staff member enters the counts, a second one confirms them. */
function TallyForm({ meeting, onChanged }: { meeting: Meeting; onChanged: () => void }) {
  const [label, setLabel] = useState(meeting.tally?.items[0]?.label ?? '')
  const entered = meeting.tally?.items[0]
  const [counts, setCounts] = useState({ for: entered ? String(entered.for) : '', against: entered ? String(entered.against) : '', abstain: entered ? String(entered.abstain) : '' })
  const entering = useAction()
  const confirming = useAction()
  const t = meeting.tally
  const enter = async () => {
    if (!(await confirmAction({ title: '提交计票结果？', content: '提交后须由另一位工作人员确认才会公布。', confirmText: '提交' }))) return
    await entering.run(async () => {
      await meetingsApi.tally(meeting.id, { items: [{ label: label.trim(), for: Number(counts.for) || 0, against: Number(counts.against) || 0, abstain: Number(counts.abstain) || 0 }] })
      onChanged()
      return '已提交，请另一位工作人员确认'
    })
  }
  const confirm = async () => {
    if (!(await confirmAction({ title: '确认计票结果？', content: '确认后结果将在议题页面公布，不能再修改。', confirmText: '确认' }))) return
    await confirming.run(async () => {
      await meetingsApi.confirmTally(meeting.id)
      onChanged()
      return '✓ 计票结果已确认'
    })
  }
  const count = (key: keyof typeof counts, text: string) => (
    <View className="field">
      <Text className="field__label">{text}（人）</Text>
      <Input className={`input tally-${key}`} type="number" nativeProps={{ 'aria-label': `${text}人数` }} value={counts[key]} onInput={(e) => setCounts((c) => ({ ...c, [key]: e.detail.value }))} />
    </View>
  )
  if (t?.status === 'confirmed') return null
  return (
    <View className="card tally-form">
      <Text className="title">录入现场表决结果</Text>
      <Text className="muted kv">按到会 {meeting.present} 人计；举手人数合计不能超过到会人数。</Text>
      {t?.canConfirm && (
        <View className="tally-confirm">
          <Text className="kv">
            {t.enteredBy} 已录入：{t.items.map((i) => `${i.label} 同意 ${i.for}、反对 ${i.against}、弃权 ${i.abstain}`).join('；')}
          </Text>
          <Button className="btn btn--main tally-confirm-button" disabled={confirming.busy} onClick={confirm}>
            确认计票结果
          </Button>
          <ActionResult action={confirming} />
        </View>
      )}
      {t && !t.canConfirm && <Text className="kv tally-waiting">已录入，等待另一位工作人员确认</Text>}
      <View className="field">
        <Text className="field__label">表决事项</Text>
        <Input className="input tally-label" nativeProps={{ 'aria-label': '表决事项' }} maxlength={MEETING_TALLY_LABEL_MAX_LENGTH} value={label} onInput={(e) => setLabel(e.detail.value)} />
      </View>
      {count('for', '同意')}
      {count('against', '反对')}
      {count('abstain', '弃权')}
      <Button className="btn tally-submit" disabled={entering.busy} onClick={enter}>
        {t ? '重新录入' : '提交计票结果'}
      </Button>
      <ActionResult action={entering} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
    </View>
  )
}

/** 会议纪要 after the meeting, published on the topic page. */
function MinutesForm({ meeting, onChanged }: { meeting: Meeting; onChanged: () => void }) {
  const [text, setText] = useState(meeting.minutes ?? '')
  const action = useAction()
  const publish = async () => {
    if (!(await confirmAction({ title: '发布会议纪要？', content: '纪要将在议题页面公开。', confirmText: '发布' }))) return
    await action.run(async () => {
      await meetingsApi.minutes(meeting.id, text)
      onChanged()
      return '✓ 会议纪要已发布'
    })
  }
  return (
    <View className="card minutes-form">
      <Text className="title">{meeting.minutes ? '修改会议纪要' : '发布会议纪要'}</Text>
      <Textarea className="input minutes-input" nativeProps={{ 'aria-label': '会议纪要' }} maxlength={MEETING_MINUTES_MAX_LENGTH} value={text} onInput={(e) => setText(e.detail.value)} />
      <Button className="btn btn--main minutes-publish" disabled={action.busy} onClick={publish}>
        发布会议纪要
      </Button>
      <ActionResult action={action} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
    </View>
  )
}

/** 取消会议 with a reason every registrant is told. */
function CancelForm({ meeting, onChanged }: { meeting: Meeting; onChanged: () => void }) {
  const [reason, setReason] = useState('')
  const action = useAction()
  const cancel = async () => {
    if (!(await confirmAction({ title: '取消会议？', content: '已报名和候补的居民都会收到通知，取消后不能恢复。', confirmText: '取消会议', danger: true }))) return
    await action.run(async () => {
      await meetingsApi.cancel(meeting.id, reason)
      onChanged()
      return '会议已取消'
    })
  }
  return (
    <View className="card meeting-cancel">
      <Text className="title">取消会议</Text>
      <Text className="field__label">取消原因（会通知已报名和候补的居民）</Text>
      <Textarea className="input meeting-cancel-reason" nativeProps={{ 'aria-label': '取消原因' }} maxlength={MEETING_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Button className="btn btn--danger meeting-cancel-button" disabled={action.busy} onClick={cancel}>
        取消会议
      </Button>
      <ActionResult action={action} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
    </View>
  )
}

/**
 * 参会人员类别: staff set the tags of a resident of the community (found by name and birth date), which
 * open the reserved seats to her. The list chosen replaces her old one.
 */
function TagsForm({ communityId }: { communityId: string }) {
  const [who, setWho] = useState(NO_RESIDENT)
  const [tags, setTags] = useState<ParticipantTag[]>([])
  const action = useAction()
  const toggle = (tag: ParticipantTag) => setTags((now) => (now.includes(tag) ? now.filter((t) => t !== tag) : [...now, tag]))
  const submit = () =>
    action.run(async () => {
      const saved = await meetingsApi.setTags(communityId, { ...residentInput(who), tags })
      return `✓ ${saved.name}：${saved.tags.length ? saved.tags.map((t) => PARTICIPANT_TAG_LABELS[t]).join('、') : '已清除类别'}`
    })
  const fieldError = (path: string) => action.error?.fields.find((f) => f.path === path)?.message
  return (
    <View className="card tags-form">
      <Text className="title">设置参会人员类别</Text>
      <Text className="muted kv">有类别的居民可以报名该类预留座位。</Text>
      <ResidentFields prefix="tags" who={who} onChange={setWho} fieldError={fieldError} />
      <View className="chips tags-choices">
        {PARTICIPANT_TAGS.map((tag) => (
          <View key={tag} className={`chip ${tags.includes(tag) ? 'chip--active' : ''}`} role="checkbox" aria-checked={tags.includes(tag)} onClick={() => toggle(tag)}>
            <Text>
              {tags.includes(tag) ? '✓ ' : ''}
              {PARTICIPANT_TAG_LABELS[tag]}
            </Text>
          </View>
        ))}
      </View>
      <Button className="btn btn--main tags-submit" disabled={action.busy} onClick={submit}>
        保存类别
      </Button>
      <ActionResult action={action} className="tags-result" describe={(e) => (e.fields.length ? '请按提示修改' : e.message)} />
    </View>
  )
}

/**
 * 调整座位 before the meeting (a bigger room, fewer chairs): one pool at a time, never below the
 * seats taken; seats added go to those waiting, first come first, and each is told.
 */
function SeatsForm({ meeting, onChanged }: { meeting: Meeting; onChanged: () => void }) {
  const [counts, setCounts] = useState<Record<string, string>>({})
  const action = useAction()
  const keyOf = (tag: string | null) => tag ?? 'open'
  const save = (pool: Meeting['seats'][number]) =>
    action.run(async () => {
      const capacity = Number((counts[keyOf(pool.tag)] ?? '').trim())
      const saved = await meetingsApi.resizeSeats(meeting.id, { tag: pool.tag, capacity })
      setCounts((now) => ({ ...now, [keyOf(pool.tag)]: '' }))
      onChanged()
      return `✓ ${pool.label}调整为 ${capacity} 个${saved.waitlisted > 0 ? `，仍有 ${saved.waitlisted} 人候补` : ''}`
    })
  return (
    <View className="card seats-form">
      <Text className="title">调整座位</Text>
      <Text className="muted kv">不能少于已报名占用的座位。新增的开放座位按候补先后补上；预留座位先补给有该类别的候补居民，预留期过后补给任何候补居民。补上的居民会收到通知。</Text>
      {meeting.seats.map((pool) => {
        const value = counts[keyOf(pool.tag)] ?? ''
        return (
          <View key={keyOf(pool.tag)} className={`field seats-pool seats-pool--${keyOf(pool.tag)}`}>
            <Text className="field__label">
              {pool.label}：已占 {pool.taken} / 共 {pool.capacity} 个
            </Text>
            <Input
              className="input seats-count"
              type="number"
              maxlength={3}
              placeholder={String(pool.capacity)}
              nativeProps={{ 'aria-label': `${pool.label}的新座位数` }}
              value={value}
              onInput={(e) => setCounts((now) => ({ ...now, [keyOf(pool.tag)]: e.detail.value }))}
            />
            <Button className="btn seats-save" disabled={action.busy || value.trim() === ''} onClick={() => save(pool)}>
              保存{pool.label}
            </Button>
          </View>
        )
      })}
      <ActionResult action={action} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
    </View>
  )
}

/**
 * 报名与签到表 (issue 11 item 9): every registration with its seat, attendance and check-in time, as
 * a CSV for the meeting's records — before the meeting a sign-in sheet to print, after it the attendance.
 */
function MeetingExport({ meeting }: { meeting: Meeting }) {
  const exporting = useAction()
  // A file name keeps no path or reserved characters of Windows, where the sheet is opened.
  const fileName = `议事会签到表-${meeting.startsAtLocal.date}-${meeting.title}`.replace(/[\\/:*?"<>|\s]+/g, '-')
  const save = () => exporting.run(() => saveCsv(`/staff/consultation/meetings/${meeting.id}/export`, `${fileName}.csv`))
  return (
    <View className="card meeting-export">
      <Text className="title">报名与签到表</Text>
      <Text className="kv muted">含每位报名人的座位、出席情况和签到时间；每次导出都会记入审计日志。</Text>
      <Button className="btn meeting-export__save" disabled={exporting.busy} onClick={save}>
        导出签到表（CSV）
      </Button>
      <ActionResult action={exporting} />
    </View>
  )
}

/** 议事会: details and her registration; for staff, the door desk, the tally and the minutes (issue 11 item 4). */
export default function MeetingPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const meeting = useRequest(`meeting:${id}:${version}:${me?.id ?? ''}`, () => meetingsApi.meeting(id))
  const reload = () => setVersion((n) => n + 1)
  const m = meeting.data
  if (!m) return <Page><Waiting request={meeting} /></Page>
  const live = m.status === 'scheduled'
  return (
    <Page>
      <MeetingCard meeting={m} onChanged={reload} linkToDetail={false} />
      {m.canManage && live && <CheckInDesk meeting={m} onChanged={reload} />}
      {m.canManage && live && m.phase !== 'ended' && <WalkInForm meeting={m} onChanged={reload} />}
      {m.canManage && live && m.phase !== 'upcoming' && <TallyForm key={m.tally?.enteredAtLocal.time ?? 'new'} meeting={m} onChanged={reload} />}
      {m.canManage && live && m.phase === 'ended' && <MinutesForm meeting={m} onChanged={reload} />}
      {m.canManage && live && m.phase === 'upcoming' && <SeatsForm meeting={m} onChanged={reload} />}
      {m.canManage && live && m.phase === 'upcoming' && <TagsForm communityId={m.communityId} />}
      {m.canManage && <MeetingExport meeting={m} />}
      {m.canManage && live && m.phase !== 'ended' && <CancelForm meeting={m} onChanged={reload} />}
    </Page>
  )
}
