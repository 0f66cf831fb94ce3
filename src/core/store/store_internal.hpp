// What the store's query files share and nothing else needs: the SQL condition for an answered
// response and the mark that tells our databases from other SQLite files.
#pragma once

// The JSON answerJson() writes for an empty answer (nlohmann sorts the members) is the only unanswered
// form. Every query that counts answers uses this one condition.
#define EXAMSIM_ANSWERED_SQL "answer != '{\"m\":[],\"s\":[]}'"

namespace examsim::core {
inline constexpr int kApplicationId = 0x45583230; // "EX20": PRAGMA application_id of our databases
} // namespace examsim::core
