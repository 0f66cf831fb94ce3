// Shared by the store's source files (never included outside src/core/store/): how answers are kept
// in the responses table, and the SQL that reads an attempt's result with its adjustments applied.
#pragma once

#include "core/scoring.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace examsim::core::store_detail {

std::string answerJson(const Answer& a);
Answer answerFromJson(const std::string& text);
std::int64_t nowSeconds();
std::string joinInts(const std::vector<int>& v);
std::vector<int> splitInts(const std::string& s);

} // namespace examsim::core::store_detail

// A finished attempt's result reads its stored score plus its adjustment records (issue 8: stored results
// are never edited). Each expression expects the attempt as `a`.
#define EXAMSIM_ADJ_EXISTS "EXISTS (SELECT 1 FROM adjustments j WHERE j.attempt_id = a.id)"
#define EXAMSIM_ADJ_SCORE                                                                                    \
    "(coalesce(a.score, 0) + coalesce((SELECT sum(j.delta) FROM adjustments j WHERE j.attempt_id = a.id), "  \
    "0))"
#define EXAMSIM_ADJ_PERCENT                                                                                  \
    "(CASE WHEN " EXAMSIM_ADJ_EXISTS " AND a.max_score > 0 THEN 100.0 * " EXAMSIM_ADJ_SCORE                  \
    " / a.max_score "                                                                                        \
    "ELSE coalesce(a.percent, 0) END)"
#define EXAMSIM_ADJ_PASSED                                                                                   \
    "coalesce((SELECT j.new_passed FROM adjustments j WHERE j.attempt_id = a.id AND j.new_passed IS NOT "    \
    "NULL "                                                                                                  \
    "ORDER BY j.id DESC LIMIT 1), a.passed, 0)"
#define EXAMSIM_ADJ_CREDITS                                                                                  \
    "(CASE WHEN " EXAMSIM_ADJ_EXISTS " THEN (CASE WHEN " EXAMSIM_ADJ_PASSED                                  \
    " AND a.mode = 'exam' THEN a.credits_if_passed "                                                         \
    "ELSE 0 END) ELSE coalesce(a.credits, 0) END)"

// The attempts table with adjusted results under the stored column names (and rowid as rid), for
// queries that aggregate results.
#define EXAMSIM_ADJUSTED_ATTEMPTS                                                                            \
    "(SELECT a.rowid AS rid, a.id, a.learner_id, a.profile_id, a.profile_title, a.mode, a.status, "          \
    "a.started_at, "                                                                                         \
    "a.finished_at, " EXAMSIM_ADJ_PERCENT " AS percent, " EXAMSIM_ADJ_PASSED " AS passed FROM attempts a)"
