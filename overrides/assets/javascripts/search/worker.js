/*
 * Search worker speaking Material for MkDocs' worker protocol
 * (SETUP 0 -> READY 1, QUERY 2 -> RESULT 3; see README, "Search").
 * Material's UI, keyboard handling and result markup stay as they are; only
 * the matching and ranking behind them are the project's (search/core.js).
 */
importScripts("core.js")

var SETUP = 0
var READY = 1
var QUERY = 2
var RESULT = 3
var index = null
var options = {}

function handle(message) {
  switch (message && message.type) {
    case SETUP:
      index = SearchCore.buildIndex(message.data.docs)
      options = message.data.options || {}
      return { type: READY }
    case QUERY:
      try {
        return { type: RESULT, data: SearchCore.search(index, message.data, options) }
      } catch (err) {
        // a query must never break the page: answer "nothing found"
        return { type: RESULT, data: { items: [] } }
      }
    default:
      return null
  }
}

addEventListener("message", function (ev) {
  var reply = handle(ev.data)
  if (reply) postMessage(reply)
})
