// What a reader sees on the first screen, measured in the page as laid out (tests/browser/test_first_screen.py,
// tests/browser/test_webkit.py): where the page's title and the first line of its text are, the header's name
// for the page, and whether anything makes the page scroll sideways. Positions in CSS px from the
// top of the window. Written for both drivers: Playwright's evaluate and Selenium's execute_script.
;(() => {
  const article = document.querySelector('article.md-content__inner')
  const shown = el => {
    const r = el.getBoundingClientRect()
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
  }
  // the title: the page's h1, or the 全文打印版's heading
  const title = [...article.querySelectorAll('h1, [role=heading][aria-level="1"]')].find(shown)
  // the text: the first paragraph, list item or section heading after the title that the site did not
  // add (not the notice, not a tool); a part may open with its first section's heading
  const skip = '.site-added, .speech-notice, .page-tools, .print-only, [hidden], .md-content__button'
  const text = [...article.querySelectorAll('p, li, h2, h3')].find(
    el =>
      shown(el) &&
      !el.closest(skip) &&
      el.textContent.trim().length > 1 &&
      (!title || title.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
  )
  // its first line: the first box of its first text with letters in it
  let line = null
  if (text) {
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      const box = [...range.getClientRects()].find(r => r.width > 0)
      if (box) {
        line = { top: box.top, bottom: box.bottom }
        break
      }
    }
  }
  const box = el => el && (r => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right }))(el.getBoundingClientRect())
  // the space under the title's last line of words (a ¶ wrapped onto a line of its own leaves a gap)
  const gapUnder = el => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    let last = -Infinity
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.headerlink, .section-share') || !node.data.trim()) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      for (const r of range.getClientRects()) last = Math.max(last, r.bottom)
    }
    const style = getComputedStyle(el)
    return el.getBoundingClientRect().bottom - parseFloat(style.paddingBottom) - last
  }
  // the header's name for the page: the topic shown now, its lines and whether any of it is cut or hidden
  const header = document.querySelector('.md-header')
  const topics = [...document.querySelectorAll('.md-header__topic')]
  const topic = topics.find(t => getComputedStyle(t).opacity !== '0') || topics[0]
  const name = topic && topic.querySelector('.md-ellipsis')
  const lineHeight = name ? parseFloat(getComputedStyle(name).lineHeight) : 0
  const notice = article.querySelector('.speech-notice')
  const tools = article.querySelector('.page-tools > summary')
  return {
    height: innerHeight,
    width: innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    header: box(header),
    title: title ? { ...box(title), text: title.textContent.replace('¶', '').trim(), gap: gapUnder(title) } : null,
    text: text ? { line, snippet: text.textContent.trim().slice(0, 12) } : null,
    name: name
      ? {
          text: name.textContent.trim(),
          visible: shown(name) && getComputedStyle(name.closest('.md-header__title')).visibility !== 'hidden',
          cut: name.scrollWidth > name.clientWidth + 1 || getComputedStyle(name).textOverflow === 'ellipsis' && name.scrollWidth > name.clientWidth,
          lines: Math.round(name.getBoundingClientRect().height / lineHeight),
          ...box(name),
        }
      : null,
    notice: notice ? { ...box(notice), text: notice.textContent, shown: shown(notice) } : null,
    tools: tools ? { ...box(tools), text: tools.textContent.trim(), shown: shown(tools) } : null,
  }
})()
