import { VOLUNTEER_AVAILABILITY, VOLUNTEER_SKILLS, type VolunteerAvailability, type VolunteerSkill, idCheckCharacter } from '@linli/shared'
import * as auth from '../auth/repository'
import { registeredResidents } from '../auth/residents'
import { sealPerson } from '../auth/sealed'
import { localDate } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { FieldCipher } from '../platform/crypto'
import { enrol } from '../volunteer/registration'
import * as registrations from '../volunteer/registration-repository'
import { findVolunteer } from '../volunteer/repository'
import * as teams from '../volunteer/team-repository'

const TZ = 'Asia/Shanghai'
/** Registered volunteers as a share of residents the demo reaches (资阳: 15 %). */
const TARGET_PERCENT = 15
const DAY_MS = 24 * 60 * 60 * 1000

/** Residents of 桂花社区 who volunteer besides the persona: name, birth date, skills, when they can serve. */
const NEIGHBOURS: readonly { name: string; birthDate: string; skills: VolunteerSkill[]; availability: VolunteerAvailability[] }[] = [
  { name: '钱桂芳', birthDate: '1958-03-14', skills: ['elder_care', 'culture_sports'], availability: ['weekday_day'] },
  { name: '孙建国', birthDate: '1962-08-02', skills: ['emergency', 'environment'], availability: ['weekday_day', 'weekend'] },
  { name: '李晓燕', birthDate: '1989-11-23', skills: ['tutoring'], availability: ['weekday_evening', 'weekend'] },
  { name: '周文涛', birthDate: '1978-05-06', skills: ['legal'], availability: ['weekend'] },
  { name: '吴丽华', birthDate: '1971-01-19', skills: ['medical', 'elder_care'], availability: ['weekday_evening'] },
  { name: '郑海波', birthDate: '1995-07-30', skills: ['emergency', 'culture_sports'], availability: ['weekend'] },
  { name: '王淑珍', birthDate: '1955-12-08', skills: ['elder_care', 'disability'], availability: ['weekday_day'] },
  { name: '冯志强', birthDate: '1983-04-17', skills: ['counselling'], availability: ['weekday_evening'] },
  { name: '陈美玲', birthDate: '1992-09-09', skills: ['tutoring', 'culture_sports'], availability: ['weekend'] },
  { name: '褚国庆', birthDate: '1966-10-01', skills: ['environment', 'other'], availability: ['weekday_day', 'weekend'] },
]

const SURNAMES = ['刘', '黄', '杨', '何', '高', '林', '罗', '梁', '宋', '唐', '许', '邓']
const GIVEN = ['秀英', '志明', '海燕', '建平', '丽娟', '国华', '玉兰', '文军', '春梅', '德胜', '晓东', '慧敏']
/** Neighbours past the named ones, made up the same way every load, so loading twice finds them again. */
function neighbour(i: number) {
  const named = NEIGHBOURS[i]
  if (named) return named
  const skills = [VOLUNTEER_SKILLS[i % VOLUNTEER_SKILLS.length] ?? 'other']
  return { name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 5) % GIVEN.length]}`, birthDate: `19${50 + (i % 45)}-0${1 + (i % 9)}-1${i % 9}`, skills, availability: [VOLUNTEER_AVAILABILITY[i % 3] ?? 'weekend'] }
}
/** Enough for a community of a thousand residents; the demo's is far smaller. */
const NEIGHBOURS_MAX = 150

/** A demo ID number (GB 11643 check character) for the n-th demo volunteer, with her birth date inside. */
function demoIdNumber(birthDate: string, n: number): string {
  const first17 = `430102${birthDate.replaceAll('-', '')}${String(n).padStart(3, '0')}`
  return `${first17}${idCheckCharacter(first17)}`
}

/** Registers one resident as a volunteer (skipped when she already is), as `register` would record it. */
async function registerDemo(db: Db, cipher: FieldCipher, values: { userId: string; communityId: string; name: string; birthDate: string; phone: string; skills: VolunteerSkill[]; availability: VolunteerAvailability[]; n: number; at: Date }) {
  if (await findVolunteer(db, values.userId)) return
  await inTransaction(db, async (trx) => {
    await enrol(trx, cipher, { ...values, idNumber: demoIdNumber(values.birthDate, values.n), guardian: undefined, now: values.at, year: localDate(values.at, TZ).slice(0, 4) })
  })
}

/** A team of the community by name, created by staff when missing. */
async function team(db: Db, communityId: string, createdBy: string, name: string, description: string, at: Date) {
  const existing = (await teams.findTeamsOfCommunity(db, communityId)).find((t) => t.name === name)
  return existing ?? (await teams.insertTeam(db, { community_id: communityId, name, description, created_by: createdBy, created_at: at }))
}

/**
 * Demo 实名注册 and 志愿服务队 (issue 12 item 1) for 桂花社区: the volunteer persona 赵志远 registered
 * (助老, 助学), neighbours registered until volunteers are at least 15 % of the residents (counted
 * by auth), and two teams — 桂花社区志愿服务队 led by 赵志远, and 桂花青年突击队. Written through the
 * registration's own functions. Loading twice adds nothing.
 */
export async function seedDemoVolunteerRegistration(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  const [volunteer, staff] = await Promise.all([auth.findUserByPersona(db, 'volunteer'), auth.findUserByPersona(db, 'staff')])
  const communityId = volunteer?.community_id
  if (!volunteer || !staff || !communityId) return
  const since = (days: number) => new Date(now.getTime() - days * DAY_MS)
  await registerDemo(db, cipher, { userId: volunteer.id, communityId, name: '赵志远', birthDate: '1960-01-30', phone: '13800000005', skills: ['elder_care', 'tutoring'], availability: ['weekday_day', 'weekend'], n: 0, at: since(400) })

  // Neighbours, each a resident of 桂花社区 with a phone of her own, until the share is reached.
  const neighbourIds: string[] = []
  for (let i = 0; i < NEIGHBOURS_MAX; i++) {
    const n = neighbour(i)
    const enough = (await registrations.countRegistered(db, communityId)) * 100 >= TARGET_PERCENT * (await registeredResidents(db, communityId))
    const persona = `demo-volunteer-${String(i + 1).padStart(2, '0')}`
    const existing = await auth.findUserByPersona(db, persona)
    if (enough && !existing) break
    const phone = `1990731${String(i + 1).padStart(4, '0')}`
    const userId =
      existing?.id ?? (await auth.upsertPersona(db, { persona, person: sealPerson(cipher, { name: n.name, birthDate: n.birthDate }), phoneHash: cipher.lookupHash(phone), phoneEnc: cipher.encrypt(phone), communityId }))
    await registerDemo(db, cipher, { userId, communityId, ...n, phone, n: i + 1, at: since(380 - i * 30) })
    neighbourIds.push(userId)
  }

  const main = await team(db, communityId, staff.id, '桂花社区志愿服务队', '助老探访、四点半课堂、环境整治，每周六上午集中服务。', since(360))
  const youth = await team(db, communityId, staff.id, '桂花青年突击队', '应急值守、文体活动保障，欢迎45周岁以下的居民加入。', since(200))
  if (!main || !youth) return
  await teams.insertMember(db, main.id, volunteer.id, 'leader', since(360))
  await teams.updateRole(db, main.id, volunteer.id, 'leader')
  for (const [i, userId] of neighbourIds.entries()) {
    const skills: readonly VolunteerSkill[] = neighbour(i).skills
    const young = skills.includes('emergency') || skills.includes('culture_sports')
    await teams.insertMember(db, young ? youth.id : main.id, userId, 'member', since(300 - i * 20))
  }
}
