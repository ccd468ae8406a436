import { Together, readTogether } from './together'

/** A run that records each batch and answers each input after a turn of the event loop. */
function recorder(fail?: (batch: readonly string[]) => Error | undefined) {
  const batches: string[][] = []
  let running = 0
  let most = 0
  const run = async (row: string, batch: readonly string[]) => {
    batches.push([...batch])
    running++
    most = Math.max(most, running)
    await new Promise((resolve) => setTimeout(resolve, 5))
    running--
    const err = fail?.(batch)
    if (err) throw err
    return batch.map((input) => `${row}:${input}`)
  }
  return { run, batches, most: () => most }
}

class Everyone extends Error {}

describe('Together (writes taken together)', () => {
  it('runs one alone at once, and those who ask meanwhile together in the next batch, answering each her own', async () => {
    const r = recorder()
    const queue = new Together(r.run, { max: 50, inFlight: 1, shared: () => false })
    const answers = await Promise.all(['a', 'b', 'c', 'd'].map((p) => queue.join('slot', p, p)))
    expect(answers).toEqual(['slot:a', 'slot:b', 'slot:c', 'slot:d'])
    expect(r.batches).toEqual([['a'], ['b', 'c', 'd']])
  })

  it('never puts one person twice in a batch, never more than max, and runs at most inFlight batches of a row at once', async () => {
    const r = recorder()
    const queue = new Together(r.run, { max: 3, inFlight: 2, shared: () => false })
    const asks = ['ann', 'bob', 'ann', 'cai', 'dan', 'eve', 'fay', 'ann']
    const answers = await Promise.all(asks.map((p, i) => queue.join('slot', p, `${p}${i}`)))
    expect(answers).toEqual(asks.map((p, i) => `slot:${p}${i}`))
    for (const batch of r.batches) {
      expect(batch.length).toBeLessThanOrEqual(3)
      const people = batch.map((input) => input.replace(/\d+$/, ''))
      expect(new Set(people).size).toBe(people.length)
    }
    expect(r.batches.flat().sort()).toEqual(asks.map((p, i) => `${p}${i}`).sort())
    expect(r.most()).toBe(2)
  })

  it('keeps rows apart: two slots never share a batch', async () => {
    const r = recorder()
    const queue = new Together(r.run, { max: 50, inFlight: 1, shared: () => false })
    const answers = await Promise.all([queue.join('x', 'a', 'a'), queue.join('y', 'b', 'b'), queue.join('x', 'c', 'c'), queue.join('y', 'd', 'd')])
    expect(answers).toEqual(['x:a', 'y:b', 'x:c', 'y:d'])
    expect(r.batches).toEqual([['a'], ['b'], ['c'], ['d']])
  })

  it("runs a failed batch's inputs again one by one: one person's failure is never another's", async () => {
    const r = recorder((batch) => (batch.includes('bad') ? new Error('unique violation') : undefined))
    const queue = new Together(r.run, { max: 50, inFlight: 1, shared: () => false })
    const asks = ['first', 'ok1', 'bad', 'ok2'].map((p) => queue.join('slot', p, p).then(
      (answer) => ({ answer }),
      (err: Error) => ({ failed: err.message }),
    ))
    expect(await Promise.all(asks)).toEqual([{ answer: 'slot:first' }, { answer: 'slot:ok1' }, { failed: 'unique violation' }, { answer: 'slot:ok2' }])
    expect(r.batches).toEqual([['first'], ['ok1', 'bad', 'ok2'], ['ok1'], ['bad'], ['ok2']])
  })

  it('gives everyone the error that is everyone\'s (the activity was cancelled), without running them again', async () => {
    const r = recorder((batch) => (batch.length > 1 ? new Everyone('cancelled') : undefined))
    const queue = new Together(r.run, { max: 50, inFlight: 1, shared: (err) => err instanceof Everyone })
    const asks = ['first', 'a', 'b'].map((p) => queue.join('slot', p, p).catch((err: Error) => err.message))
    expect(await Promise.all(asks)).toEqual(['slot:first', 'cancelled', 'cancelled'])
    expect(r.batches).toEqual([['first'], ['a', 'b']])
  })
})

describe('readTogether (rows by key read together)', () => {
  const reader = () => {
    const reads: string[][] = []
    const read = readTogether(async (_db: { isTransaction: boolean }, keys: readonly string[]) => {
      reads.push([...keys])
      await new Promise((resolve) => setTimeout(resolve, 5))
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, `row ${k}`]))
    })
    return { read, reads }
  }

  it('reads the first two at once, and the keys asked for meanwhile in one read (each once), each caller getting her row', async () => {
    const { read, reads } = reader()
    const db = { isTransaction: false }
    const rows = await Promise.all(['a', 'b', 'c', 'b', 'missing', 'd'].map((k) => read(db, k)))
    expect(rows).toEqual(['row a', 'row b', 'row c', 'row b', undefined, 'row d'])
    expect(reads).toEqual([['a'], ['b'], ['c', 'b', 'missing', 'd']])
  })

  it('reads inside a transaction there and then, never with other callers', async () => {
    const { read, reads } = reader()
    const trx = { isTransaction: true }
    expect(await Promise.all([read(trx, 'a'), read(trx, 'b')])).toEqual(['row a', 'row b'])
    expect(reads).toEqual([['a'], ['b']])
  })
})

