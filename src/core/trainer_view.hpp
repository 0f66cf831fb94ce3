// Issue 8: what the app's Trainer and Editor screens show, kept out of the app so it can be tested:
// the item-analysis table sorted by any column in either direction, and the editor's question filter.
#pragma once

#include "core/bank.hpp"
#include "core/item_analysis.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace examsim::core {

// One row of the Trainer table: a question's figures and the topic it belongs to.
struct ItemRow {
    const QuestionStats* stats = nullptr;
    std::string topic;
};

enum class ItemColumn { Question, Topic, Attempts, Facility, Sd, Discrimination, Efficiency, Flags };

// Sorts by `column` ascending or descending; rows without the figure (one attempt: no SD) stay last in
// both directions, and ties keep their previous order.
void sortItemRows(std::vector<ItemRow>& rows, ItemColumn column, bool descending);

struct QuestionFilter {
    std::string text;                   // case-insensitive, in the id, stem, options and explanation
    std::optional<Level> level;
    std::optional<QuestionType> type;
    bool withFindingsOnly = false;      // only questions in `withFindings`
    std::set<std::string> withFindings; // ids of questions with lint or validation findings
};

bool matches(const Question& q, const QuestionFilter& f);

// An id for a new question in `bank` in the style of `like`: "AUD-CSM-007" gives the next free number
// after the highest "AUD-CSM-NNN" ("AUD-CSM-041"); an id without a number gives "LIKE-2", "LIKE-3", ….
std::string nextQuestionId(const Bank& bank, const std::string& like);

} // namespace examsim::core
