// Unit tests of the search core (overrides/assets/javascripts/search/search.js):
// normalising, exact matching, ranking, prefixes, partial matches, snippets and
// hostile queries, as README.md's 搜索 section describes them.
import assert from "node:assert/strict"
import { describe, test } from "node:test"

import { DOCS, SearchCore, fold, holders, locations } from "./fixture.mjs"

const { normalize, escapeHTML, buildIndex, search, closest } = SearchCore
const index = buildIndex(DOCS)

describe("normalize", () => {
  test("folds full-width letters and digits to half-width (NFKC) and lower case", () => {
    assert.equal(normalize("ＡＢＣ１２３").text, "abc123")
    assert.equal(normalize("Party ABC").text, "partyabc")
    assert.equal(normalize("100％").text, normalize("100%").text)
  })

  test("folds look-alike compatibility characters: a Kangxi radical is the ideograph", () => {
    assert.equal(normalize("\u2f00").text, "一")
  })

  test("drops whitespace and punctuation, Chinese and Western", () => {
    assert.equal(normalize("六个不能、五个通气").text, "六个不能五个通气")
    assert.equal(normalize(" \t\n，。、；：？！“”‘’（）《》【】…—·,.;:?!\"'()[]{}<>*+-~^\\/%&").text, "")
    assert.equal(normalize("四大 三苦\u3000").text, "四大三苦")
  })

  test("maps every kept character back to its place in the original", () => {
    const { text, map } = normalize("a、b")
    assert.equal(text, "ab")
    assert.deepEqual(map, [0, 2, 3]) // one entry per character, then the original's length
  })

  test("a character that folds into two keeps one origin; a surrogate pair spans two places", () => {
    assert.deepEqual(normalize("ﬁx"), { text: "fix", map: [0, 0, 1, 2] })
    assert.deepEqual(normalize("\u{20000}x"), { text: "\u{20000}x", map: [0, 0, 2, 3] })
  })
})

describe("escapeHTML", () => {
  test("escapes the five HTML-special characters", () => {
    assert.equal(escapeHTML(`<a href="x" title='y'>&</a>`), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
  })
})

describe("exact matching", () => {
  test("finds a phrase typed without the punctuation the text has", () => {
    const result = search(index, "六个不能五个通气")
    assert.deepEqual(locations(result), ["part-2-cadre-team/#juzhu-renqi"])
    // the term Material highlights is the text as written, punctuation included
    assert.deepEqual(result.items[0][0].terms, { "六个不能、五个通气": true })
    assert.match(result.items[0][0].text, /<mark data-md-highlight>六个不能、五个通气<\/mark>/)
  })

  test("finds full-width text by half-width query and the reverse", () => {
    assert.deepEqual(locations(search(index, "100%")), ["about/#source"])
    assert.deepEqual(locations(search(index, "１００％")), ["about/#source"])
  })

  test("returns every section holding the phrase, and only those", () => {
    for (const query of ["四大三苦", "通气", "维护", "权力", "党组织书记", "大"]) {
      const found = locations(search(index, query))
      assert.deepEqual([...found].sort(), holders(DOCS, query).sort(), query)
    }
  })

  test("no match crosses from one section into the next", () => {
    // 共同机缘 ends one section and （二）维护权威 starts the next: 缘二 is in neither
    assert.deepEqual(search(index, "缘二"), { items: [] })
  })

  test("a section is a group of two: the section, then its page; both link to the section", () => {
    const [group] = search(index, "双刃剑").items
    assert.equal(group.length, 2)
    assert.equal(group[0].location, "part-1-leadership-team/#daitouren")
    assert.equal(group[1].location, "part-1-leadership-team/#daitouren")
    assert.equal(group[0].title, "（一）必须当好“带头人”。")
    assert.equal(group[1].title, "一、怎样当班长")
    assert.equal(group[1].text, "")
  })

  test("a page without sections is a group of one, titled by its page", () => {
    const [group] = search(index, "来源与说明").items
    assert.deepEqual(
      group.map((s) => [s.location, s.title]),
      [["about/", "来源与说明"]]
    )
  })
})

describe("ranking", () => {
  test("the speech before the glossary before the site's own pages", () => {
    assert.deepEqual(locations(search(index, "四大三苦")), [
      "part-1-leadership-team/#daitouren",
      "glossary/#sida-sanku",
      "about/#source"
    ])
  })

  test("within a kind: the phrase in the heading, then more occurrences, then the site's order", () => {
    assert.deepEqual(locations(search(index, "维护")), [
      "part-2-cadre-team/#weihu", // in the heading (and three times)
      "part-2-cadre-team/#juzhu-renqi"
    ])
    const docs = [
      { location: "a/#one", title: "甲", text: "团结", page: "a", kind: "speech" },
      { location: "a/#two", title: "乙", text: "团结，再团结", page: "a", kind: "speech" },
      { location: "a/#three", title: "丙", text: "团结", page: "a", kind: "speech" },
      { location: "a/#four", title: "团结", text: "", page: "a", kind: "speech" }
    ]
    assert.deepEqual(locations(search(buildIndex(docs), "团结")), ["a/#four", "a/#two", "a/#one", "a/#three"])
  })

  test("scores fall in the order of the results, so Enter opens the first", () => {
    const scores = search(index, "四大三苦").items.map((group) => group[0].score)
    assert.deepEqual(scores, [1000, 999, 998])
  })

  test("full matches only, when there are any: no section with just part of the query", () => {
    // 维护团结 is whole in one section; another holds 维护, which alone would be a partial match
    assert.ok(holders(DOCS, "维护").includes("part-2-cadre-team/#weihu"))
    const result = search(index, "维护团结")
    assert.deepEqual(locations(result), ["part-2-cadre-team/#juzhu-renqi"])
    assert.deepEqual(result.items[0][0].terms, { 维护团结: true })
  })

  test("full matches score above every partial match", () => {
    const partial = search(index, "四大三苦双刃剑书记").items
    assert.ok(partial.length > 0)
    const worstFull = Math.min(...search(index, "四大三苦").items.map((g) => g[0].score))
    for (const group of partial) assert.ok(group[0].score < worstFull, group[0].score)
  })
})

describe("typing a phrase: each longer prefix narrows the results", () => {
  const phrase = "维护团结，彼此珍惜共同机缘"
  const chars = [...phrase]
  for (let n = 1; n <= chars.length; n++) {
    const prefix = chars.slice(0, n).join("")
    if (!fold(prefix)) continue
    test(prefix, () => {
      const found = locations(search(index, prefix))
      const holding = holders(DOCS, prefix)
      assert.ok(holding.length > 0) // the phrase is in the fixture, so every prefix is
      assert.deepEqual([...found].sort(), [...holding].sort())
      if (holding.length === 1) assert.equal(found[0], holding[0])
    })
  }

  test("the prefixes' results only shrink", () => {
    let before = null
    for (let n = 2; n <= chars.length; n++) {
      const found = new Set(locations(search(index, chars.slice(0, n).join(""))))
      if (before) for (const place of found) assert.ok(before.has(place), place)
      before = found
    }
    assert.deepEqual([...before], ["part-2-cadre-team/#juzhu-renqi"])
  })
})

describe("partial matches: nothing holds the whole query", () => {
  test("the longest pieces found anywhere; the pieces a section lacks are marked missing", () => {
    const result = search(index, "四大三苦双刃剑")
    assert.deepEqual(locations(result), [
      "part-1-leadership-team/#daitouren", // holds both pieces
      "glossary/#sida-sanku",
      "about/#source"
    ])
    assert.deepEqual(result.items[0][0].terms, { 四大三苦: true, 双刃剑: true })
    assert.deepEqual(result.items[1][0].terms, { 四大三苦: true, 双刃剑: false })
    assert.deepEqual(result.items[2][0].terms, { 四大三苦: true, 双刃剑: false })
    // the snippet marks the longest piece the section holds
    assert.match(result.items[0][0].text, /<mark data-md-highlight>四大三苦<\/mark>/)
    assert.match(result.items[2][0].text, /<mark data-md-highlight>四大三苦<\/mark>/)
  })

  test("a part found nowhere is missing from every result, and each says so; what is found still leads somewhere", () => {
    const result = search(index, "四大三苦ＸＹＺ")
    assert.equal(result.items.length, 3)
    for (const group of result.items) assert.deepEqual(group[0].terms, { 四大三苦: true, xyz: false })
  })

  test("the speech before the site's own pages, even where a page holds more of the query", () => {
    // 班子建设怎么抓: 来源与说明 holds 班子建设 and 怎么 (its example of citing), the speech only 班子建设
    const docs = [
      { location: "about/#citing", title: "如何引用", text: "怎么引用：“一、怎样抓好班子建设”部分", page: "来源与说明", kind: "page" },
      { location: "part-1/", title: "一、怎样抓好班子建设", text: "必须把加强班子建设作为突破口", page: "一", kind: "speech" }
    ]
    const result = search(buildIndex(docs), "班子建设怎么抓")
    assert.deepEqual(locations(result), ["part-1/", "about/#citing"])
    assert.deepEqual(result.items[0][0].terms, { 班子建设: true, 怎么: false, 抓: false })
    assert.deepEqual(result.items[1][0].terms, { 班子建设: true, 怎么: true, 抓: false })
    assert.ok(result.items[0][0].score > result.items[1][0].score)
  })

  test("sections holding more of the query come first", () => {
    // pieces 维护团结 权威 团队 形象: the first is in one section (4 characters),
    // the other three in another (6)
    const result = search(index, "维护团结权威团队形象")
    assert.equal(locations(result)[0], "part-2-cadre-team/#weihu")
    const scores = result.items.map((g) => g[0].score)
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a))
  })

  test("one character in common is not a match", () => {
    assert.deepEqual(search(index, "四牛"), { items: [] })
    assert.deepEqual(search(index, "牛角尖"), { items: [] })
  })
})

describe("snippets", () => {
  const long = buildIndex([
    {
      location: "p/#s",
      title: "标题",
      text: "甲".repeat(50) + "目标" + "乙".repeat(50),
      page: "p",
      kind: "speech"
    },
    { location: "q/#s", title: "目录", text: "丙".repeat(70), page: "q", kind: "speech" }
  ])

  test("about 30 characters either side of the match, with ellipses where text is cut", () => {
    const [group] = search(long, "目标").items
    assert.equal(group[0].text, "…" + "甲".repeat(30) + "<mark data-md-highlight>目标</mark>" + "乙".repeat(30) + "…")
  })

  test("a match in the heading shows the start of the section", () => {
    const [group] = search(long, "目录").items
    assert.equal(group[0].text, "丙".repeat(60) + "…")
  })
})

describe("suggestions (Material's search.suggest)", () => {
  test("the glossary term that begins with the last word typed", () => {
    assert.deepEqual(search(index, "四大", { suggest: true }).suggest, ["四大三苦"])
    assert.deepEqual(search(index, "要做到 牛鼻", { suggest: true }).suggest, ["牛鼻子"])
  })

  test("none for a whole term, a page title, or without the option", () => {
    assert.deepEqual(search(index, "四大三苦", { suggest: true }).suggest, [])
    assert.deepEqual(search(index, "术语", { suggest: true }).suggest, [])
    assert.equal(search(index, "四大").suggest, undefined)
  })
})

describe("closest glossary terms, when nothing is found", () => {
  const terms = DOCS.filter((d) => d.kind === "glossary" && d.location.includes("#")).map((d) => ({ term: d.title }))

  test("terms sharing characters with the query, most shared first", () => {
    assert.deepEqual(
      closest(terms, "牛角尖").map((t) => t.term),
      ["牛鼻子"]
    )
    assert.deepEqual(
      closest(terms, "三个通气").map((t) => t.term),
      ["五个通气", "四大三苦"]
    )
  })

  test("at most `limit` terms; none for a query of punctuation only", () => {
    assert.equal(closest(terms, "四大通气牛", 1).length, 1)
    assert.deepEqual(closest(terms, "，。！"), [])
    assert.deepEqual(closest(terms, "xyz"), [])
  })
})

describe("hostile queries are harmless", () => {
  const hostile = buildIndex([
    ...DOCS,
    {
      location: "code/#s",
      title: "<img src=x onerror=alert(1)>",
      // punctuation that a query of punctuation would find, if it were not dropped on both sides
      text: "示例：<script>alert(1)</script> 与 ' OR 1=1 -- 以及 ，。、！“”...<>",
      page: "<b>页</b>",
      kind: "page"
    }
  ])

  test("nothing to search for: empty, blanks, punctuation only", () => {
    for (const query of ["", "   ", "\u3000\n", "，。、！", "“”", "...", "<>"])
      assert.deepEqual(search(hostile, query), { items: [] }, JSON.stringify(query))
  })

  test("regular-expression and lunr operators are plain characters", () => {
    for (const query of [".*", "\\", "+ - ~ ^ * :", "(", "[a-z]+", "$^", "?", "|", "title:四大"])
      assert.doesNotThrow(() => search(hostile, query), query)
    for (const query of ["四大三苦:", "*四大三苦*", "+四大三苦", "-四大三苦", "“四大三苦”", "四大三苦~"])
      assert.deepEqual(locations(search(hostile, query)), locations(search(hostile, "四大三苦")), query)
  })

  test("HTML in the query or in the text never reaches the page unescaped", () => {
    for (const query of ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "' OR 1=1 --"]) {
      const result = search(hostile, query)
      assert.ok(result.items.length > 0, query)
      for (const group of result.items)
        for (const section of group) {
          assert.doesNotMatch(section.title, /[<>]/, query)
          assert.doesNotMatch(section.text.replace(/<\/?mark( data-md-highlight)?>/g, ""), /[<>]/, query)
        }
    }
  })

  test("200 characters and more: no error, and only the first 256 count", () => {
    assert.deepEqual(search(hostile, "党".repeat(201)), { items: [] })
    const big = buildIndex([{ location: "b/#s", title: "长", text: "基层党组织".repeat(60), page: "b", kind: "speech" }])
    const long = "基层党组织".repeat(70) // 350 characters: whole, it is in no section
    const [group] = search(big, long).items
    assert.equal(group[0].score, 1000) // an exact match of the first 256 characters
    assert.equal(Object.keys(group[0].terms)[0].length, 256)
  })

  test("a query that is not a string is read as one", () => {
    assert.deepEqual(locations(search(index, 0)), ["about/#source"]) // 0 is in 100％
  })
})
