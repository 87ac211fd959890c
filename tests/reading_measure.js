([, phone]) => {
  // what the 字号 numbers are about, measured in the page as laid out (tests/reading.py)
  const root = parseFloat(getComputedStyle(document.documentElement).fontSize)
  const rendered = el => {
    if (!el.getClientRects().length) return false
    const cs = getComputedStyle(el)
    return cs.visibility !== 'hidden' && cs.display !== 'none'
  }
  // smallest text a reader can see: every text node's font size, SVG text as drawn
  let smallest = { px: Infinity, where: '' }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement
    if (!n.data.trim() || !el || el.closest('script, style, title, .visually-hidden') || !rendered(el)) continue
    let px = parseFloat(getComputedStyle(el).fontSize)
    if (px === 0) continue // an icon's hidden text (Material's footnote back-link)
    const svg = el.closest('svg')
    if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width)
      px *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
    if (px < smallest.px) smallest = { px, where: `${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''}: ${n.data.trim().slice(0, 12)}` }
  }
  // the speech's own paragraphs
  const speech = [...document.querySelectorAll('article.md-content__inner > p:not(.speech-notice):not(.site-added)')]
  const speechPx = speech.length ? Math.min(...speech.map(p => parseFloat(getComputedStyle(p).fontSize))) : null
  // text cut off inside its box (Material's one-line header title excepted: the page's h1 says the same)
  const clipped = []
  for (const el of document.querySelectorAll('body *')) {
    if (!rendered(el) || el.closest('.md-header__title, svg, .md-search, .visually-hidden')) continue
    const cs = getComputedStyle(el)
    if (!/hidden|clip/.test(cs.overflowX) && cs.textOverflow !== 'ellipsis') continue
    if (!el.textContent.trim() || el.scrollWidth <= el.clientWidth + 1) continue
    // the map scrolls in its own frame; the phone's drawer hides the page's contents panel off to its side
    if (el.matches('.structure-map-frame, .md-sidebar__scrollwrap')) continue
    clipped.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''}: ${el.textContent.trim().slice(0, 15)}`)
  }
  // tap targets: links and buttons of the page frame, glossary terms, note markers
  const small = []
  if (phone) {
    const frame = '.md-header a, .md-header button, .md-header label[for], .md-sidebar a, .md-sidebar label[for],' +
      ' .md-footer a, .page-actions a, .page-actions button, .md-top, .section-share,' +
      ' .md-typeset abbr[title], .md-typeset .footnote-ref, .md-typeset .footnote-backref, .fontsize__choice'
    for (const el of document.querySelectorAll(frame)) {
      if (!rendered(el) || el.closest('.md-search')) continue
      const r = el.getBoundingClientRect()
      let w = r.width, h = r.height
      const after = getComputedStyle(el, '::after')
      if (after.content !== 'none' && after.position === 'absolute') {
        w = Math.max(w, parseFloat(after.width) || 0)
        h = Math.max(h, parseFloat(after.height) || 0)
      }
      small.push([Math.floor(Math.min(w, h) + 0.5), `${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''}: ${el.textContent.trim().slice(0, 10)}`])
    }
  }
  return {
    root, speechPx, smallest, clipped, targets: small,
    scrollWidth: document.documentElement.scrollWidth, innerWidth,
  }
}
