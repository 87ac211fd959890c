// The library's search core (SearchCore.library): a sharded index, loaded as a
// query needs it. The shards are made here in the shape
// src/speech_study/postbuild/search_index.py writes them (write_library).
import assert from "node:assert/strict"
import { describe, test } from "node:test"

import { SearchCore } from "./fixture.mjs"

const SPEECHES = [
  ["main", "第一篇讲话", [
    ["part-1/#a", "（一）班子建设", "权力是把双刃剑，要时刻绷紧廉政建设这根弦。"],
    ["part-1/#b", "（二）带好队伍", "干部干部，干字当头。"]
  ]],
  ["shequ", "社区治理讲话", [
    ["shequ/part-1/#c", "（一）新变化", "老年人口占比上升，托育需求增加。"],
    ["shequ/part-2/#d", "（二）信息", "权力是把双刃剑，数据也是一样。"]
  ]]
]
const GLOSSARY = [["glossary/#sjj", "双刃剑", "比喻既能带来好处、也可能带来害处的事物。"]]

/* docs in reading order: speeches, then the glossary; postings of characters and pairs, delta-coded */
function build(shards = 8) {
  const docs = []
  const speeches = []
  SPEECHES.forEach(([slug, title, sections], s) => {
    speeches.push([s, docs.length, sections.length, title, slug])
    for (const [location, heading, text] of sections) docs.push({ location, title: heading, text, page: "一、部分" })
  })
  const glossary = docs.length
  for (const [location, title, text] of GLOSSARY) docs.push({ location, title, text, page: "术语表" })
  const postings = new Map()
  docs.forEach((doc, n) => {
    const norm = SearchCore.normalize(doc.title + "\n" + doc.text).text
    const grams = new Set([...norm])
    for (let i = 0; i + 1 < norm.length; i++) grams.add(norm.slice(i, i + 2))
    for (const g of grams) postings.set(g, [...(postings.get(g) || []), n])
  })
  const files = new Map()
  for (let k = 0; k < shards; k++) files.set("g/" + k, {})
  for (const [g, ids] of postings) {
    files.get("g/" + SearchCore.gramShard(g, shards))[g] = ids.map((id, i) => (i ? id - ids[i - 1] : id))
  }
  docs.forEach((doc, n) => files.set("d/" + n, doc))
  const lib = { shards, docs: docs.length, glossary, pages: docs.length, path: "search/shards/", ext: ".json", speeches }
  const loaded = []
  const load = (key) => {
    loaded.push(key)
    return Promise.resolve(JSON.parse(JSON.stringify(files.get(key))))
  }
  return { core: SearchCore.library(lib, load), loaded }
}

const locations = (result) => result.items.map((group) => group[0].location)

describe("a library's search", () => {
  test("finds the phrase in every speech, speeches first, and names the speech", async () => {
    const { core } = build()
    const result = await core.search("双刃剑")
    assert.deepEqual(locations(result), ["part-1/#a", "shequ/part-2/#d", "glossary/#sjj"])
    assert.equal(result.items[0][1].title, "《第一篇讲话》一、部分")
    assert.equal(result.items[1][1].title, "《社区治理讲话》一、部分")
    assert.equal(result.items[2][1].title, "术语表")
    assert.match(result.items[1][0].text, /<mark data-md-highlight>双刃剑<\/mark>/)
  })

  test("exact phrases only: sections holding the pairs apart are not results", async () => {
    const { core } = build()
    // 权力 and 数据 both stand in shequ/part-2, but not as 权力数据
    assert.deepEqual(locations(await core.search("权力数据")).length > 0, true)
    const exact = await core.search("权力是把双刃剑，数据")
    assert.deepEqual(locations(exact), ["shequ/part-2/#d"])
  })

  test("narrowed to one speech, only its sections", async () => {
    const { core } = build()
    assert.deepEqual(locations(await core.search("双刃剑", "shequ")), ["shequ/part-2/#d"])
    assert.deepEqual(locations(await core.search("干字当头", "shequ")), [])
  })

  test("loads only the shards and sections the query needs", async () => {
    const { core, loaded } = build(64)
    await core.search("老年人口")
    const postings = loaded.filter((k) => k.startsWith("g/"))
    const sections = loaded.filter((k) => k.startsWith("d/"))
    assert.ok(postings.length >= 1 && postings.length <= 3, postings)
    assert.deepEqual(sections, ["d/2"])
  })

  test("nothing holds the whole query: the pieces that occur, the missing ones marked", async () => {
    const { core } = build()
    const result = await core.search("老年人口很多")
    assert.deepEqual(locations(result), ["shequ/part-1/#c"])
    assert.deepEqual(result.items[0][0].terms, { 老年人口: true })
  })

  test("bad input is answered, never thrown", async () => {
    const { core } = build()
    for (const q of ["", "，。、", "<script>alert(1)</script>", ".*", "党".repeat(300)]) {
      const result = await core.search(q)
      assert.ok(Array.isArray(result.items))
      for (const group of result.items) for (const item of group) assert.doesNotMatch(item.text, /<script/)
    }
  })

  test("the shard of a pair is the one Python writes it to", () => {
    // the same values as speech_study.postbuild.search_index.gram_shard (tests/test_library_index.py)
    assert.equal(SearchCore.gramShard("四大", 4096), 3500)
    assert.equal(SearchCore.gramShard("党", 4096), 346)
    assert.equal(SearchCore.gramShard("𠀀a", 7), 4)
  })
})
