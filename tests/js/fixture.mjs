// A small search index in the shape overrides/hooks/search_index.py writes:
// plain-text sections with their page title and kind (speech, glossary, page).
// The site's own pages come first and the speech last, so that any ranking by
// kind shows against the documents' order.
import { createRequire } from "node:module"

const require = createRequire(import.meta.url)

/* The search core, exactly the file the browser loads */
export const SearchCore = require("../../overrides/assets/javascripts/search/search.js")
/* and the library's search, which the worker loads only for a library */
require("../../overrides/assets/javascripts/search/library.js")(SearchCore)

export const DOCS = [
  { location: "about/", title: "来源与说明", text: "", page: "来源与说明", kind: "page" },
  {
    location: "about/#source",
    title: "文本来源",
    text: "讲话中的“四大三苦”见第一部分；覆盖率达到100％。",
    page: "来源与说明",
    kind: "page"
  },
  { location: "glossary/", title: "术语表", text: "", page: "术语表", kind: "glossary" },
  {
    location: "glossary/#sida-sanku",
    title: "四大三苦",
    text: "“四大”即责任大、权力大、风险大、贡献大。",
    page: "术语表",
    kind: "glossary"
  },
  {
    location: "glossary/#niubizi",
    title: "牛鼻子",
    text: "比喻事物的关键。",
    page: "术语表",
    kind: "glossary"
  },
  {
    location: "glossary/#wuge-tongqi",
    title: "五个通气",
    text: "重大问题必须通气、常规工作经常通气。",
    page: "术语表",
    kind: "glossary"
  },
  {
    location: "part-1-leadership-team/#daitouren",
    title: "（一）必须当好“带头人”。",
    text: "可以分为“四大三苦”。权力是把双刃剑，党组织书记要对手中的权力有清醒的认识。",
    page: "一、怎样当班长",
    kind: "speech"
  },
  {
    location: "part-2-cadre-team/#juzhu-renqi",
    title: "（一）必须“聚”住人气。",
    text: "要注意做到“六个不能、五个通气”，维护团结，彼此珍惜共同机缘。",
    page: "二、怎样带队伍",
    kind: "speech"
  },
  {
    location: "part-2-cadre-team/#weihu",
    title: "（二）维护权威。",
    text: "维护班子的权威，维护团队的形象。",
    page: "二、怎样带队伍",
    kind: "speech"
  }
]

/* What the search treats as the same, written independently of search.js */
export function fold(text) {
  return text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")
}

/* The section (first entry) of each result group, in order */
export function locations(result) {
  return result.items.map((group) => group[0].location)
}

/* The docs holding a query, by the independent rule */
export function holders(docs, query) {
  return docs.filter((d) => fold(d.title + d.text).includes(fold(query))).map((d) => d.location)
}

/* A library's shards in the shape postbuild/search_index.py writes them (write_library):
   sections in reading order (speeches, then the glossary); postings of characters, pairs
   and triples, delta-coded. `speeches`: [slug, title, [[location, heading, text], ...]] */
export function libraryShards(speeches, glossary, shards) {
  const docs = []
  const ranges = []
  speeches.forEach(([slug, title, sections], s) => {
    ranges.push([s, docs.length, sections.length, "《" + title + "》", slug]) // its name, as booktitle.py writes a plain title
    for (const [location, heading, text] of sections) docs.push({ location, title: heading, text, page: "一、部分" })
  })
  const first = docs.length
  for (const [location, title, text] of glossary) docs.push({ location, title, text, page: "术语表" })
  const postings = new Map()
  docs.forEach((doc, n) => {
    const norm = SearchCore.normalize(doc.title + "\n" + doc.text).text
    const grams = new Set([...norm])
    for (let i = 0; i + 1 < norm.length; i++) grams.add(norm.slice(i, i + 2))
    for (let i = 0; i + 2 < norm.length; i++) grams.add(norm.slice(i, i + 3))
    for (const g of grams) postings.set(g, [...(postings.get(g) || []), n])
  })
  const files = new Map()
  for (let k = 0; k < shards; k++) files.set("g/" + k, {})
  for (const [g, ids] of postings) {
    files.get("g/" + SearchCore.gramShard(g, shards))[g] = ids.map((id, i) => (i ? id - ids[i - 1] : id))
  }
  docs.forEach((doc, n) => files.set("d/" + n, doc))
  const lib = { shards, docs: docs.length, glossary: first, pages: docs.length, path: "search/shards/", ext: ".json", speeches: ranges }
  return { lib, files }
}
