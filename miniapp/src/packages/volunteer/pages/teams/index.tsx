import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { TEAM_DESCRIPTION_MAX_LENGTH, TEAM_NAME_MAX_LENGTH, type Team, VOLUNTEER_REASON_MAX_LENGTH, VOLUNTEER_SKILL_LABELS, type VolunteerListItem } from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Empty, LoadMore, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { registrationApi } from '../../api/registration'
import { fullDateLabel } from '../../../../components/dates'

/** 队员名单 for staff: masked names; 任命队长 / 撤销队长. */
function Members({ team, onChanged }: { team: Team; onChanged(): void }) {
  const [version, setVersion] = useState(0)
  const first = useRequest(`team-members:${team.id}:${version}`, () => registrationApi.members(team.id))
  const pages = useMorePages(first.data, (cursor) => registrationApi.members(team.id, cursor))
  const action = useAction()
  const change = async (userId: string, name: string, role: 'leader' | 'member') => {
    const appoint = role === 'leader'
    const ok = await confirmAction({
      title: appoint ? `任命${name}为队长？` : `撤销${name}的队长？`,
      content: appoint ? '队长可以发布本队的志愿活动、组织签到和确认时长。' : '撤销后仍是本队队员，不能再发布本队活动。',
      confirmText: appoint ? '任命' : '撤销',
    })
    if (!ok) return
    await action.run(async () => {
      await registrationApi.setRole(team.id, userId, role)
      setVersion((n) => n + 1)
      onChanged()
      return appoint ? `✓ 已任命${name}为队长` : `✓ 已撤销${name}的队长`
    })
  }
  if (!first.data) return <Waiting request={first} />
  if (pages.items.length === 0) return <Empty text="还没有队员" />
  return (
    <View className="team-members">
      {pages.items.map((m) => (
        <View key={m.userId} className="row team-member">
          <Text>
            {m.name} · {m.volunteerNo}
            {m.role === 'leader' ? ' · 队长' : ''}
          </Text>
          {team.canManage && (
            <Button className={`btn ${m.role === 'leader' ? 'team-leader-remove' : 'team-leader-appoint'}`} disabled={action.busy} onClick={() => change(m.userId, m.name, m.role === 'leader' ? 'member' : 'leader')}>
              {m.role === 'leader' ? '撤销队长' : '任命队长'}
            </Button>
          )}
        </View>
      ))}
      <LoadMore pages={pages} />
      <ActionResult action={action} className="team-role-result" />
    </View>
  )
}

/** One team: what it does, how many, who leads; 加入 / 退出 for a volunteer, the members for staff and leaders. */
function TeamCard({ team, onChanged }: { team: Team; onChanged(): void }) {
  const [open, setOpen] = useState(false)
  const action = useAction()
  const joinTeam = () =>
    action.run(async () => {
      await registrationApi.join(team.id)
      onChanged()
      return `✓ 已加入${team.name}`
    })
  const leaveTeam = async () => {
    if (!(await confirmAction({ title: `退出${team.name}？`, content: team.mine === 'leader' ? '退出后您将不再是本队队长。' : '退出后可以再次加入。', confirmText: '退出', danger: true }))) return
    await action.run(async () => {
      await registrationApi.leave(team.id)
      onChanged()
      return `已退出${team.name}`
    })
  }
  const seesMembers = team.canManage || team.mine === 'leader'
  return (
    <View className="card team-card">
      <Text className="title team-name">{team.name}</Text>
      {team.description && <Text className="kv">{team.description}</Text>}
      <Text className="kv team-count">
        队员 {team.memberCount} 人 · 队长：{team.leaders.length ? team.leaders.join('、') : '暂未任命'}
      </Text>
      {team.mine && <Text className="kv team-mine">✓ 我已加入{team.mine === 'leader' ? '（队长）' : ''}</Text>}
      <View className="actions">
        {team.canJoin && (
          <Button className="btn btn--main team-join" disabled={action.busy} onClick={joinTeam}>
            加入
          </Button>
        )}
        {team.mine && (
          <Button className="btn team-leave" disabled={action.busy} onClick={leaveTeam}>
            退出
          </Button>
        )}
        {team.mine === 'leader' && (
          <Button
            className="btn btn--main team-publish"
            onClick={() => Taro.navigateTo({ url: `/packages/volunteer/pages/publish/index?communityId=${team.communityId}&teamId=${team.id}` })}
          >
            为本队发布活动
          </Button>
        )}
        {seesMembers && (
          <Button className="btn team-members-toggle" onClick={() => setOpen((o) => !o)}>
            {open ? '收起队员' : '查看队员'}
          </Button>
        )}
      </View>
      <ActionResult action={action} className="team-result" />
      {open && <Members team={team} onChanged={onChanged} />}
    </View>
  )
}

/** 成立志愿服务队 (staff). */
function CreateTeam({ communityId, onCreated }: { communityId: string; onCreated(): void }) {
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const action = useAction()
  const fieldError = (path: string) => action.error?.fields.find((f) => f.path === path)?.message
  const create = () =>
    action.run(async (key) => {
      const team = await registrationApi.createTeam(communityId, { name: name.trim(), description: description.trim() }, key)
      setName('')
      setDescription('')
      onCreated()
      return `✓ 已成立${team.name}`
    })
  return (
    <View className="card team-create">
      <Text className="title">成立志愿服务队</Text>
      <View className="field">
        <Text className="field__label">服务队名称</Text>
        <Input className="input team-create-name" nativeProps={{ 'aria-label': '服务队名称' }} maxlength={TEAM_NAME_MAX_LENGTH} value={name} onInput={(e) => setName(e.detail.value)} />
        {fieldError('name') && <Text className="field__error">{fieldError('name')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">简介（服务内容、活动时间等）</Text>
        <Textarea className="input team-create-description" nativeProps={{ 'aria-label': '服务队简介' }} maxlength={TEAM_DESCRIPTION_MAX_LENGTH} value={description} onInput={(e) => setDescription(e.detail.value)} />
      </View>
      <Button className="btn btn--main team-create-submit" disabled={action.busy} onClick={create}>
        成立服务队
      </Button>
      <ActionResult action={action} className="team-create-result" describe={(e) => (e.fields.length ? '请按提示修改' : e.message)} />
    </View>
  )
}

/** A volunteer on the staff roster: 暂停 or 恢复 with a reason. */
function RosterRow({ v, onChanged }: { v: VolunteerListItem; onChanged(item: VolunteerListItem): void }) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const action = useAction()
  const suspending = v.status === 'active'
  const submit = async () => {
    const ok = await confirmAction({
      title: suspending ? `暂停${v.name}的志愿者身份？` : `恢复${v.name}的志愿者身份？`,
      content: suspending ? '暂停期间不能报名志愿活动，原因会记入审计。' : '恢复后可以正常报名志愿活动。',
      confirmText: suspending ? '暂停' : '恢复',
      danger: suspending,
    })
    if (!ok) return
    await action.run(async () => {
      onChanged(await registrationApi.setStatus(v.userId, { status: suspending ? 'suspended' : 'active', reason }))
      setOpen(false)
      setReason('')
      return suspending ? `已暂停${v.name}` : `✓ 已恢复${v.name}`
    })
  }
  return (
    <View className="roster-entry">
      <View className="row">
        <Text>
          {v.name} · {v.idMasked} · {v.statusLabel}
        </Text>
        <Button className="btn roster-status-open" onClick={() => setOpen((o) => !o)}>
          {suspending ? '暂停' : '恢复'}
        </Button>
      </View>
      <Text className="kv muted">
        {v.volunteerNo} · {v.skills.map((s) => VOLUNTEER_SKILL_LABELS[s]).join('、')} · {fullDateLabel(v.registeredAtLocal.date)}注册
      </Text>
      {open && (
        <View className="field">
          <Text className="field__label">{suspending ? '暂停原因' : '恢复原因'}（记入审计）</Text>
          <Textarea className="input roster-reason" nativeProps={{ 'aria-label': suspending ? '暂停原因' : '恢复原因' }} maxlength={VOLUNTEER_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
          <Button className={`btn ${suspending ? 'btn--danger' : 'btn--main'} roster-status-submit`} disabled={action.busy} onClick={submit}>
            {suspending ? '确认暂停' : '确认恢复'}
          </Button>
        </View>
      )}
      <ActionResult action={action} className="roster-result" describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
    </View>
  )
}

/** 本社区志愿者名单 for staff: masked names and IDs, page by page. */
function Roster({ communityId }: { communityId: string }) {
  const first = useRequest(`volunteer-roster:${communityId}`, () => registrationApi.volunteers(communityId))
  const pages = useMorePages(first.data, (cursor) => registrationApi.volunteers(communityId, cursor))
  const [changed, setChanged] = useState<Record<string, VolunteerListItem>>({})
  return (
    <View className="card roster">
      <Text className="title">本社区志愿者名单</Text>
      {!first.data ? (
        <Waiting request={first} />
      ) : pages.items.length === 0 ? (
        <Empty text="还没有居民注册志愿者" />
      ) : (
        pages.items.map((v) => <RosterRow key={v.userId} v={changed[v.userId] ?? v} onChanged={(item) => setChanged((c) => ({ ...c, [item.userId]: item }))} />)
      )}
      <LoadMore pages={pages} />
    </View>
  )
}

/** 志愿服务队 (issue 12 item 1): the community's teams; staff create them, appoint leaders and keep the roster. */
export default function TeamsPage() {
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const staffOf = me?.roles.find((r) => r.role === 'staff')?.communityId ?? null
  const communityId = staffOf ?? me?.community?.id ?? null
  const list = useRequest(me ? `teams:${communityId ?? ''}:${version}` : null, () => registrationApi.teams(communityId ?? undefined))
  const mine = useRequest(me ? `volunteer-me:${me.id}` : null, () => registrationApi.mine())
  const reload = () => setVersion((n) => n + 1)
  if (!me) {
    return (
      <Page>
        <Empty text="请先登录" action={<Button className="btn btn--main" onClick={() => Taro.navigateTo({ url: '/packages/account/pages/login/index' })}>去登录</Button>} />
      </Page>
    )
  }
  if (!list.data) return <Page><Waiting request={list} /></Page>
  const registered = mine.data?.registration != null
  return (
    <Page>
      {mine.data && !registered && !staffOf && (
        <View className="card">
          <Text className="kv">注册志愿者后可以加入本社区的志愿服务队。</Text>
          <Button className="btn btn--main register-link" onClick={() => Taro.navigateTo({ url: '/packages/volunteer/pages/register/index' })}>
            注册成为志愿者
          </Button>
        </View>
      )}
      {list.data.items.length === 0 ? <Empty text="本社区还没有志愿服务队" /> : list.data.items.map((t) => <TeamCard key={t.id} team={t} onChanged={reload} />)}
      {staffOf && <CreateTeam communityId={staffOf} onCreated={reload} />}
      {staffOf && <Roster communityId={staffOf} />}
    </Page>
  )
}
