// Regrading: when a trainer corrects a question's key, past attempts that used it are re-scored against
// the current question by appending adjustment records; stored results are never edited.
#pragma once

#include "core/bank.hpp"
#include "core/store/progress_store.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace examsim::core {

struct RegradeChange {
    AdjustmentRecord record; // what is appended
    std::string learnerName;
    std::string profileId;
    std::int64_t startedAt = 0;
    double maxScore = 0;
    double oldScore = 0, newScore = 0; // the attempt's adjusted score before and after
    double oldPercent() const { return maxScore > 0 ? 100 * oldScore / maxScore : 0; }
    double newPercent() const { return maxScore > 0 ? 100 * newScore / maxScore : 0; }
};

struct RegradePlan {
    std::string questionId;
    int itemsChecked = 0;               // uses of the question in finished attempts
    std::vector<RegradeChange> changes; // items whose mark changes, in order of the attempts
    std::vector<std::string> skipped;   // items that cannot be regraded, and why
};

// What regrading the stored attempts against `current` (the question as it is in the banks now) would
// change. Marks stay those of the paper as delivered; only the key and the scoring rules are new.
RegradePlan planRegrade(const ProgressStore& store, const Question& current);
void applyRegrade(ProgressStore& store, const RegradePlan& plan);

} // namespace examsim::core
