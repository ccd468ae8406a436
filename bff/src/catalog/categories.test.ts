import { searchTerms } from './categories'

describe('searchTerms', () => {
  it('adds the inventory term an everyday word stands for', () => {
    expect(searchTerms('吃饭')).toEqual(['吃饭', '助餐'])
    expect(searchTerms('看病')).toEqual(['看病', '家庭医生'])
    expect(searchTerms('打官司')).toEqual(['打官司', '法律'])
  })

  it('keeps the query alone when no everyday word is in it', () => {
    expect(searchTerms('火星旅游')).toEqual(['火星旅游'])
  })
})
