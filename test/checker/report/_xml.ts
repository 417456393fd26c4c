/**
 * A strict XML 1.0 well-formedness check for the JUnit reporter's output (no XML parser is among
 * the project's dependencies, and the point is to reject what CI tools reject): only XML Char
 * code points, a name on every tag, quoted attributes without `<` or a bare `&`, known entity or
 * character references to allowed characters, and properly nested elements. Returns the tree.
 */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u
const name = '[A-Za-z_:][-A-Za-z0-9_:.]*'
const reference = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/y
const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decode(raw: string, where: string): string {
  let out = ''
  for (let index = 0; index < raw.length; ) {
    if (raw[index] !== '&') {
      out += raw[index++]
      continue
    }
    reference.lastIndex = index
    const match = reference.exec(raw)
    if (!match) throw new Error(`bare & ${where}: ${JSON.stringify(raw.slice(index, index + 12))}`)
    const char = match[1] ? (entities[match[1]] as string) : String.fromCodePoint(Number.parseInt(match[2] ?? match[3] ?? '', match[2] ? 10 : 16))
    if (notXmlChar.test(char)) throw new Error(`reference to a character XML does not allow ${where}: ${match[0]}`)
    out += char
    index = reference.lastIndex
  }
  return out
}

export function parseXml(xml: string): XmlElement {
  const bad = notXmlChar.exec(xml)
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)?.toString(16).padStart(4, '0')} is not allowed in XML 1.0 (offset ${bad.index})`)
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/, '')
  if (rest === xml) throw new Error('no XML declaration')
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' }
  const stack: XmlElement[] = [root]
  const tag = new RegExp(`^<(/?)(${name})((?:\\s+${name}\\s*=\\s*"[^"<]*")*)\\s*(/?)>`)
  const attribute = new RegExp(`(${name})\\s*=\\s*"([^"<]*)"`, 'g')
  while (rest.length > 0) {
    const open = rest.indexOf('<')
    const text = open === -1 ? rest : rest.slice(0, open)
    const current = stack[stack.length - 1] as XmlElement
    if (text.length > 0) {
      if (current === root && text.trim() !== '') throw new Error(`text outside the root element: ${JSON.stringify(text.slice(0, 40))}`)
      if (text.includes(']]>')) throw new Error(']]> in text')
      current.text += decode(text, 'in text')
    }
    if (open === -1) break
    rest = rest.slice(open)
    const match = tag.exec(rest)
    if (!match) throw new Error(`malformed tag: ${JSON.stringify(rest.slice(0, 60))}`)
    const [whole, closing, tagName, attributeText, selfClosing] = match as unknown as [string, string, string, string, string]
    if (closing) {
      if (attributeText || selfClosing) throw new Error(`malformed end tag ${whole}`)
      if (current.name !== tagName) throw new Error(`</${tagName}> closes <${current.name}>`)
      stack.pop()
    } else {
      if (current === root && root.children.length > 0) throw new Error('more than one root element')
      const element: XmlElement = { name: tagName, attributes: {}, children: [], text: '' }
      for (const [, key, value] of attributeText.matchAll(attribute)) {
        if (key! in element.attributes) throw new Error(`attribute ${key} twice in <${tagName}>`)
        element.attributes[key!] = decode(value!, `in attribute ${key}`)
      }
      current.children.push(element)
      if (!selfClosing) stack.push(element)
    }
    rest = rest.slice(whole.length)
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]?.name}> is never closed`)
  const [document] = root.children
  if (!document) throw new Error('no root element')
  return document
}

/** Every element named `name`, depth first. */
export function elements(tree: XmlElement, name: string): XmlElement[] {
  return [...(tree.name === name ? [tree] : []), ...tree.children.flatMap((child) => elements(child, name))]
}
