// The one SQL condition for "this response has an answer", shared by the store's source files.
#pragma once

// A response row with an answer: the JSON answerJson() writes for an empty answer (nlohmann sorts the
// members) is the only unanswered form. Every query that counts answers uses this one condition.
#define EXAMSIM_ANSWERED_SQL "answer != '{\"m\":[],\"s\":[]}'"
