import { onBeforeUnmount, onMounted, type Ref } from 'vue'

/** Which edges of a horizontally scrolling box hide more content. */
export type OverflowEdges = 'none' | 'start' | 'end' | 'both'

/** Half a pixel of slack: zoomed and high-DPI layouts round widths. */
export function overflowEdges(scrollLeft: number, scrollWidth: number, clientWidth: number): OverflowEdges {
  if (scrollWidth - clientWidth <= 1) return 'none'
  const before = scrollLeft > 0.5
  const after = scrollLeft + clientWidth < scrollWidth - 0.5
  if (before && after) return 'both'
  return before ? 'start' : after ? 'end' : 'none'
}

const selector = 'pre, .table-scroll'

/**
 * Code blocks and tables of rendered lessons scroll sideways when they are too wide. Only those
 * that really scroll are tab stops (tabindex=0, so a keyboard can scroll them); and each says on
 * `data-overflow` which edge hides more, for the fade that hints at it (styles/content.css).
 * Kept up to date when the box or the window changes size, and when the box scrolls.
 */
export function useScrollables(root: Ref<HTMLElement | null>): { refresh: () => void } {
  let observer: ResizeObserver | undefined
  const watched = new Set<HTMLElement>()

  function update(box: HTMLElement): void {
    const edges = overflowEdges(box.scrollLeft, box.scrollWidth, box.clientWidth)
    if (edges === 'none') {
      box.removeAttribute('tabindex')
      delete box.dataset.overflow
    } else {
      box.tabIndex = 0
      box.dataset.overflow = edges
    }
  }

  const onScroll = (event: Event) => update(event.currentTarget as HTMLElement)

  function refresh(): void {
    observer ??= new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target as HTMLElement)))
    const boxes = new Set(root.value?.querySelectorAll<HTMLElement>(selector) ?? [])
    for (const box of watched) {
      if (boxes.has(box)) continue
      observer.unobserve(box)
      box.removeEventListener('scroll', onScroll)
      watched.delete(box)
    }
    for (const box of boxes) {
      if (!watched.has(box)) {
        observer.observe(box)
        box.addEventListener('scroll', onScroll, { passive: true })
        watched.add(box)
      }
      update(box)
    }
  }

  onMounted(refresh)
  onBeforeUnmount(() => {
    observer?.disconnect()
    for (const box of watched) box.removeEventListener('scroll', onScroll)
    watched.clear()
  })
  return { refresh }
}
