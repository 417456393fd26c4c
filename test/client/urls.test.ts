import { describe, expect, it } from 'vitest'
import { hashRouteTarget, scrollTargetId } from '../../src/client/urls.ts'

describe('hashRouteTarget', () => {
  it.each([
    ['#/lessons/firewall', { path: '/lessons/firewall', hash: '' }],
    ['#/lessons/firewall#enable-ufw', { path: '/lessons/firewall', hash: '#enable-ufw' }],
    ['#/glossary', { path: '/glossary', hash: '' }],
    ['#/', { path: '/', hash: '' }],
    ['#/lessons/ssh-port?x=1', { path: '/lessons/ssh-port', hash: '' }],
    ['#enable-ufw', undefined],
    ['#main', undefined],
    ['', undefined],
  ])('%s → %o', (hash, expected) => {
    expect(hashRouteTarget(hash)).toEqual(expected)
  })
})

describe('scrollTargetId', () => {
  it.each([
    ['#enable-ufw', 'enable-ufw'],
    ['#glossary-group-2', 'glossary-group-2'],
    ['#%E6%89%8B%E9%A0%86', '手順'],
    ['#%E0%A4%A', '%E0%A4%A'],
    ['#', undefined],
    ['', undefined],
  ])('%s → %s', (hash, expected) => {
    expect(scrollTargetId(hash)).toBe(expected)
  })
})
