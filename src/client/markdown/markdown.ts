import MarkdownIt, { type MarkdownIt as MarkdownRenderer } from 'markdown-it'
import cjkFriendly from 'markdown-it-cjk-friendly'
import { calloutsPlugin, type CalloutOptions } from './callouts.ts'
import { commandBlockPlugin, type CommandBlockOptions } from './commandBlock.ts'
import { detailsPlugin, type DetailsOptions } from './details.ts'
import { downloadLinksPlugin } from './downloadLinks.ts'
import { headingLevelsPlugin, type HeadingLevelsOptions } from './headingLevels.ts'
import { hiddenFencesPlugin, type HiddenFencesOptions } from './hiddenFences.ts'
import { linksPlugin, type LinksOptions } from './links.ts'
import { outputBlockPlugin, type OutputBlockOptions } from './outputBlock.ts'
import { tablesPlugin } from './tables.ts'

export interface MarkdownOptions {
  /** ```sh command blocks. @default {} */
  commands?: CommandBlockOptions
  /** ```text output examples. @default {} */
  output?: OutputBlockOptions
  /** `::: caution|tip|info` boxes. @default {} */
  callouts?: CalloutOptions
  /** `::: details 見出し` collapsed blocks. @default {} */
  details?: DetailsOptions
  /** ```step and ```sh solve blocks, never shown. @default {} */
  hiddenFences?: HiddenFencesOptions
  /** Links between lessons and to other sites. @default {} */
  links?: LinksOptions
  /** Heading levels; pass `{ headingShift }` as env to a render to move its headings. @default {} */
  headings?: HeadingLevelsOptions
}

/**
 * The lesson renderer. It runs at build time only (the Vite plugin renders every lesson to
 * HTML), so the site ships no markdown-it.
 *
 * Raw HTML in lessons is off: everything an author writes is escaped.
 * Order matters for the fence wrappers: each wraps the rule installed before it, so the plugin
 * installed last decides first. hiddenFences goes last so nothing can ever show a solve script.
 */
export function createMarkdownRenderer(options: MarkdownOptions = {}): MarkdownRenderer {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false })
  md.use(cjkFriendly)
  md.use(outputBlockPlugin, options.output)
  md.use(commandBlockPlugin, options.commands)
  md.use(calloutsPlugin, options.callouts)
  md.use(detailsPlugin, options.details)
  md.use(linksPlugin, options.links)
  md.use(downloadLinksPlugin)
  md.use(tablesPlugin)
  md.use(headingLevelsPlugin, options.headings)
  md.use(hiddenFencesPlugin, options.hiddenFences)
  return md
}
