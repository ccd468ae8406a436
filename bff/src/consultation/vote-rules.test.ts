import { AppError } from '../http/errors'
import { decideVote, formatArea, measureParticipation, type HeadcountOption, type OwnerOption } from './vote-rules'

function yesNo(agree: number, against: number): HeadcountOption[] {
  return [
    { id: 'agree', label: '同意', adopts: true, votes: agree },
    { id: 'against', label: '反对', adopts: false, votes: against },
  ]
}

function ownersYesNo(agree: [number, number], against: [number, number]): OwnerOption[] {
  return [
    { id: 'agree', label: '同意', adopts: true, owners: agree[0], areaCentiM2: agree[1] },
    { id: 'against', label: '反对', adopts: false, owners: against[0], areaCentiM2: against[1] },
  ]
}

function refusal(run: () => unknown): AppError {
  try {
    run()
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
  throw new Error('expected a refusal')
}

describe('居民会议 (城市居民委员会组织法 第九条)', () => {
  const meeting = { rule: 'resident_meeting', community: 'urban', eligible: 200 } as const

  it('exactly half present is 未达法定人数, not 未通过', () => {
    const result = decideVote({ ...meeting, turnout: 100, options: yesNo(100, 0) })
    expect(result).toMatchObject({ quorumMet: false, outcome: 'no_quorum', adoptedOptionId: null })
    expect(result.headcount).toEqual({ counted: 100, total: 200, required: 101 })
    expect(result.explanation).toContain('未达法定人数')
    expect(result.explanation).toContain('至少 101 人')
  })

  it('half + 1 present meets the quorum; exactly half of them agreeing fails, half + 1 passes', () => {
    expect(decideVote({ ...meeting, turnout: 101, options: yesNo(50, 51) })).toMatchObject({ quorumMet: true, outcome: 'failed' })
    const tie = decideVote({ ...meeting, turnout: 102, options: yesNo(51, 51) })
    expect(tie.outcome).toBe('failed')
    expect(tie.explanation).toContain('至少 52 票')
    const passed = decideVote({ ...meeting, turnout: 102, options: yesNo(52, 50) })
    expect(passed).toMatchObject({ outcome: 'passed', adoptedOptionId: 'agree' })
    expect(passed.explanation).toBe('应参加 200 人，实际参加 102 人，达到法定人数；「同意」获 52 票，超过参加人数的半数（至少 52 票），通过。')
  })

  it('counts abstentions and blank ballots in the denominator: 弃权 is not a vote for either side', () => {
    const options = [...yesNo(60, 20), { id: 'abstain', label: '弃权', adopts: false, votes: 40 }]
    expect(decideVote({ ...meeting, turnout: 120, options }).outcome).toBe('failed')
    expect(decideVote({ ...meeting, turnout: 120, options: yesNo(60, 20) }).outcome).toBe('failed')
    expect(decideVote({ ...meeting, turnout: 119, options: yesNo(60, 20) }).outcome).toBe('passed')
  })

  it('a 反对 majority fails the motion; it is not adopted', () => {
    expect(decideVote({ ...meeting, turnout: 150, options: yesNo(10, 140) })).toMatchObject({ outcome: 'failed', adoptedOptionId: null })
  })

  it('among several plans the one with more than half of those present is adopted, a mere plurality is not', () => {
    const plans = (a: number, b: number): HeadcountOption[] => [
      { id: 'a', label: '方案一', adopts: true, votes: a },
      { id: 'b', label: '方案二', adopts: true, votes: b },
    ]
    expect(decideVote({ ...meeting, turnout: 110, options: plans(50, 60) })).toMatchObject({ outcome: 'passed', adoptedOptionId: 'b' })
    expect(decideVote({ ...meeting, turnout: 120, options: plans(50, 60) })).toMatchObject({ outcome: 'failed', adoptedOptionId: null })
  })

  it('an odd electorate: more than half of 7 is 4', () => {
    expect(measureParticipation({ ...meeting, eligible: 7, turnout: 3 })).toMatchObject({ quorumMet: false, headcount: { required: 4 } })
    expect(measureParticipation({ ...meeting, eligible: 7, turnout: 4 }).quorumMet).toBe(true)
  })

  it('a 村 calls it 村民会议 with the same half quorum (村民委员会组织法 第二十二条)', () => {
    const result = decideVote({ ...meeting, community: 'rural', turnout: 100, options: yesNo(100, 0) })
    expect(result.outcome).toBe('no_quorum')
    expect(result.explanation).toMatch(/^村民会议须过半数参加/)
  })
})

describe('户代表', () => {
  const urban = { rule: 'household', community: 'urban', eligible: 90 } as const

  it('in a city needs more than half of the households', () => {
    expect(measureParticipation({ ...urban, turnout: 45 })).toMatchObject({ quorumMet: false, headcount: { required: 46 } })
    const result = decideVote({ ...urban, turnout: 46, options: yesNo(24, 22) })
    expect(result).toMatchObject({ quorumMet: true, outcome: 'passed' })
    expect(result.explanation).toContain('应参加 90 户，实际参加 46 户')
  })

  it('in a 村 needs two thirds of the households, exactly two thirds being enough', () => {
    const rural = { ...urban, community: 'rural' } as const
    expect(decideVote({ ...rural, turnout: 59, options: yesNo(59, 0) })).toMatchObject({ outcome: 'no_quorum', headcount: { required: 60 } })
    expect(decideVote({ ...rural, turnout: 60, options: yesNo(31, 29) })).toMatchObject({ quorumMet: true, outcome: 'passed' })
    expect(decideVote({ ...rural, turnout: 60, options: yesNo(30, 30) }).outcome).toBe('failed')
  })
})

describe('业主共同决定 (民法典 第二百七十八条)', () => {
  // 100 owners holding 10,000.00 m².
  const electorate = { owners: 100, areaCentiM2: 1_000_000 }
  const ordinary = { rule: 'owners_278_ordinary', electorate } as const
  const major = { rule: 'owners_278_major', electorate } as const

  it('needs two thirds by headcount AND by area; exactly two thirds is enough (以上 includes the number)', () => {
    // 2/3 of 100 owners is 66.67: 67 owners; 2/3 of 10,000.00 m² is 6,666.67 m² (666,666.67 hundredths: 666,667).
    const exact = measureParticipation({ ...ordinary, turnout: { owners: 67, areaCentiM2: 666_667 } })
    expect(exact).toEqual({
      quorumMet: true,
      headcount: { counted: 67, total: 100, required: 67 },
      area: { counted: 666_667, total: 1_000_000, required: 666_667 },
    })
    const threeOwners = { owners: 3, areaCentiM2: 300 }
    expect(measureParticipation({ rule: 'owners_278_ordinary', electorate: threeOwners, turnout: { owners: 2, areaCentiM2: 200 } }).quorumMet).toBe(true)
  })

  it('two thirds by headcount but not by area is 未达法定人数', () => {
    const result = decideVote({ ...ordinary, turnout: { owners: 70, areaCentiM2: 666_666 }, options: ownersYesNo([70, 666_666], [0, 0]) })
    expect(result).toMatchObject({ quorumMet: false, outcome: 'no_quorum' })
    expect(result.explanation).toContain('面积未达三分之二（至少 6,666.67 平方米）')
    expect(result.explanation).not.toContain('人数未达')
  })

  it('two thirds by area but not by headcount is 未达法定人数', () => {
    const result = decideVote({ ...ordinary, turnout: { owners: 66, areaCentiM2: 900_000 }, options: ownersYesNo([66, 900_000], [0, 0]) })
    expect(result).toMatchObject({ quorumMet: false, outcome: 'no_quorum' })
    expect(result.explanation).toContain('人数未达三分之二（至少 67 人）')
    expect(result.explanation).not.toContain('面积未达')
  })

  it('an ordinary matter passes with more than half of the participants by headcount AND by area', () => {
    const turnout = { owners: 80, areaCentiM2: 800_000 }
    expect(decideVote({ ...ordinary, turnout, options: ownersYesNo([41, 400_001], [39, 399_999]) })).toMatchObject({
      outcome: 'passed',
      adoptedOptionId: 'agree',
    })
    // Exactly half of the area is not more than half.
    expect(decideVote({ ...ordinary, turnout, options: ownersYesNo([60, 400_000], [20, 400_000]) }).outcome).toBe('failed')
    // Exactly half of the heads is not more than half, however much area they hold.
    expect(decideVote({ ...ordinary, turnout, options: ownersYesNo([40, 700_000], [40, 100_000]) }).outcome).toBe('failed')
  })

  it('a major matter needs three quarters of both, exactly three quarters being enough', () => {
    const turnout = { owners: 80, areaCentiM2: 800_000 }
    const exact = decideVote({ ...major, turnout, options: ownersYesNo([60, 600_000], [20, 200_000]) })
    expect(exact).toMatchObject({ outcome: 'passed', adoptedOptionId: 'agree' })
    expect(exact.explanation).toContain('均四分之三以上')
    expect(exact.explanation).toContain('至少 60 人且 6,000.00 平方米')
    expect(decideVote({ ...major, turnout, options: ownersYesNo([59, 700_000], [21, 100_000]) }).outcome).toBe('failed')
    expect(decideVote({ ...major, turnout, options: ownersYesNo([70, 599_999], [10, 200_001]) }).outcome).toBe('failed')
    // What passes an ordinary matter is far from enough for a major one.
    expect(decideVote({ ...ordinary, turnout, options: ownersYesNo([41, 400_001], [39, 399_999]) }).outcome).toBe('passed')
    expect(decideVote({ ...major, turnout, options: ownersYesNo([41, 400_001], [39, 399_999]) }).outcome).toBe('failed')
  })

  it('is exact with areas no float can hold: a third of 0.01 m² decides', () => {
    // 3 owners with 100.01 m² each; two of them hold exactly 2/3 of the area.
    const electorate3 = { owners: 3, areaCentiM2: 30_003 }
    const result = measureParticipation({ rule: 'owners_278_major', electorate: electorate3, turnout: { owners: 2, areaCentiM2: 20_002 } })
    expect(result).toMatchObject({ quorumMet: true, area: { required: 20_002 } })
    expect(measureParticipation({ rule: 'owners_278_major', electorate: electorate3, turnout: { owners: 2, areaCentiM2: 20_001 } }).quorumMet).toBe(false)
  })

  it('explains the result in Chinese with the areas in square metres', () => {
    const result = decideVote({ ...ordinary, turnout: { owners: 70, areaCentiM2: 700_000 }, options: ownersYesNo([50, 500_000], [20, 200_000]) })
    expect(result.explanation).toBe(
      '参与表决业主 70 人、专有部分面积 7,000.00 平方米（业主共 100 人、10,000.00 平方米），达到法定比例；' +
        '须经参与表决人数和面积均过半数的业主同意（至少 36 人且 3,500.01 平方米），「同意」获 50 人、5,000.00 平方米，通过。',
    )
  })
})

describe('意见征询', () => {
  it('has no quorum and no verdict', () => {
    const result = decideVote({ rule: 'opinion_poll', community: 'urban', eligible: 500, turnout: 3, options: yesNo(2, 1) })
    expect(result).toMatchObject({ quorumMet: true, outcome: 'poll', adoptedOptionId: null, headcount: { counted: 3, total: 500, required: 0 }, area: null })
    expect(result.explanation).toContain('不设法定人数')
    expect(result.explanation).toContain('「同意」2 票，「反对」1 票')
  })
})

describe('refusals', () => {
  it('refuses an empty electorate with a coded message, for every rule', () => {
    for (const rule of ['resident_meeting', 'household', 'opinion_poll'] as const) {
      const err = refusal(() => decideVote({ rule, community: 'urban', eligible: 0, turnout: 0, options: yesNo(0, 0) }))
      expect(err.code).toBe('CONFLICT')
      expect(err.message).toContain('没有可参加表决的居民或户')
    }
    for (const rule of ['owners_278_ordinary', 'owners_278_major'] as const) {
      const err = refusal(() => measureParticipation({ rule, electorate: { owners: 0, areaCentiM2: 0 }, turnout: { owners: 0, areaCentiM2: 0 } }))
      expect(err.code).toBe('CONFLICT')
      expect(err.message).toContain('请先导入业主名册')
    }
  })

  it('refuses a tally that does not add up with VALIDATION_FAILED naming the field', () => {
    const meeting = { rule: 'resident_meeting', community: 'urban', eligible: 10 } as const
    const cases: [() => unknown, string, string][] = [
      [() => decideVote({ ...meeting, turnout: 11, options: yesNo(6, 0) }), 'turnout', '参加人数超过了应参加人数'],
      [() => decideVote({ ...meeting, turnout: 6, options: yesNo(6, 1) }), 'options', '各选项票数之和超过了参加人数'],
      [() => decideVote({ ...meeting, turnout: 6, options: yesNo(-1, 1) }), 'options.0.votes', '「同意」票数应为不小于 0 的整数'],
      [() => decideVote({ ...meeting, turnout: 6.5, options: yesNo(1, 1) }), 'turnout', '参加人数应为不小于 0 的整数'],
      [() => decideVote({ ...meeting, turnout: 6, options: [...yesNo(1, 1), { id: 'agree', label: '同意', adopts: true, votes: 1 }] }), 'options.2.id', '选项「同意」重复'],
      [() => decideVote({ ...meeting, turnout: 6, options: [{ id: 'x', label: '反对', adopts: false, votes: 1 }] }), 'options', '表决至少要有一个'],
      [
        () => decideVote({ rule: 'owners_278_ordinary', electorate: { owners: 10, areaCentiM2: 1000 }, turnout: { owners: 8, areaCentiM2: 800 }, options: ownersYesNo([5, 0], [1, 100]) }),
        'options.0',
        '「同意」的人数与面积不一致',
      ],
      [
        () => decideVote({ rule: 'owners_278_ordinary', electorate: { owners: 10, areaCentiM2: 1000 }, turnout: { owners: 8, areaCentiM2: 1001 }, options: ownersYesNo([5, 500], [1, 100]) }),
        'turnout.areaCentiM2',
        '参与表决面积超过了专有部分总面积',
      ],
      [
        () => decideVote({ rule: 'owners_278_ordinary', electorate: { owners: 10, areaCentiM2: 1000 }, turnout: { owners: 8, areaCentiM2: 800 }, options: ownersYesNo([5, 700], [1, 200]) }),
        'options',
        '各选项面积之和超过了参与表决面积',
      ],
    ]
    for (const [run, path, message] of cases) {
      const err = refusal(run)
      expect(err.code).toBe('VALIDATION_FAILED')
      expect(err.status).toBe(400)
      expect(err.message).toContain(message)
      expect(err.fields?.[0]?.path).toBe(path)
    }
  })
})

describe('formatArea', () => {
  it('prints hundredths of a square metre as square metres with two decimals', () => {
    expect(formatArea(0)).toBe('0.00 平方米')
    expect(formatArea(5)).toBe('0.05 平方米')
    expect(formatArea(12_345_678)).toBe('123,456.78 平方米')
  })
})
