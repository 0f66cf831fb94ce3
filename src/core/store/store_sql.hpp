// Shared by the store's source files (never included outside src/core/store/): how answers are kept
// in the responses table, and the SQL that reads an attempt's result with its adjustments applied.
#pragma once

#include "core/scoring.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace examsim::core::store_detail {

std::string answerJson(const Answer& a);
Answer answerFromJson(std::string_view text); // the canonical form without a parser, else json::parse
std::int64_t nowSeconds();
std::string joinInts(const std::vector<int>& v);
std::vector<int> splitInts(const std::string& s);

} // namespace examsim::core::store_detail

// A finished attempt's result reads as its latest adjustment record says (issue 8: stored results are
// never edited; each record carries the attempt's adjusted score, percent and pass after it), else as
// stored. Each expression expects the attempt as `a`.
#define EXAMSIM_ADJ_LATEST(column)                                                                           \
    "(SELECT j." column " FROM adjustments j WHERE j.attempt_id = a.id ORDER BY j.id DESC LIMIT 1)"
#define EXAMSIM_ADJ_SCORE "coalesce(" EXAMSIM_ADJ_LATEST("new_score") ", a.score, 0)"
#define EXAMSIM_ADJ_PERCENT "coalesce(" EXAMSIM_ADJ_LATEST("new_percent") ", a.percent, 0)"
#define EXAMSIM_ADJ_PASSED "coalesce(" EXAMSIM_ADJ_LATEST("new_passed") ", a.passed, 0)"
#define EXAMSIM_ADJ_CREDITS                                                                                  \
    "(CASE WHEN EXISTS (SELECT 1 FROM adjustments j WHERE j.attempt_id = a.id) THEN (CASE "                  \
    "WHEN " EXAMSIM_ADJ_PASSED                                                                               \
    " AND a.mode = 'exam' THEN a.credits_if_passed ELSE 0 END) ELSE coalesce(a.credits, "                    \
    "0) END)"

// The attempts table with adjusted results under the stored column names (and rowid as rid), for
// queries that aggregate results over many attempts: one join on the latest adjustment, which keeps the
// roll-up on its covering index (a correlated subquery per column doubled the everyone roll-up).
#define EXAMSIM_ADJUSTED_ATTEMPTS                                                                            \
    "(SELECT a.rowid AS rid, a.id, a.learner_id, a.profile_id, a.profile_title, a.mode, a.status, "          \
    "a.started_at, a.finished_at, coalesce(adj.new_percent, a.percent) AS percent, "                         \
    "coalesce(adj.new_passed, a.passed) AS passed FROM attempts a LEFT JOIN adjustments adj ON "             \
    "adj.attempt_id = a.id AND adj.id = (SELECT max(k.id) FROM adjustments k WHERE k.attempt_id = a.id))"
