// Records of the results side of the trainer tools (issue 8): the filter of an item analysis over stored
// attempts, the items a regrade looks at, the adjustment records it appends, and learners' errata reports.
#pragma once

#include "core/bank.hpp"
#include "core/scoring.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace examsim::core {

// Which stored attempts an item analysis reads: finished exam-mode attempts, narrowed by these.
struct AnalysisFilter {
    std::string profileId;             // "" = every profile
    std::optional<std::int64_t> from;  // started at or after (seconds since the epoch)
    std::optional<std::int64_t> to;    // started before
    std::string team;                  // "" = every team
    bool firstOnly = false;            // only each learner's first attempt of each profile
    std::optional<std::uint64_t> seed; // one fixed paper: every attempt has the same questions
};

// One use of a question in a finished attempt, as a regrade sees it.
struct RegradeItem {
    std::string attemptId;
    std::string learnerName;
    std::string profileId;
    std::int64_t startedAt = 0;
    std::size_t position = 0;
    Question snapshot; // the question as delivered
    Answer answer;
    double currentEarned = 0; // the latest adjusted mark of the item (the stored one when never adjusted)
    double score = 0;         // the attempt's adjusted score
    double maxScore = 0;
    double passMarkPercent = 0;
    bool passed = false; // adjusted
};

// An appended correction of one item of one attempt. The stored attempt is never edited.
struct AdjustmentRecord {
    std::string attemptId;
    std::string questionId;
    std::size_t position = 0;
    double oldEarned = 0, newEarned = 0;
    bool oldPassed = false, newPassed = false;
    double newScore = 0, newPercent = 0; // the attempt's adjusted result after this record
    std::string keyHash;                 // sha256 of the question the item was regraded against
    std::string reason;
    std::int64_t createdAt = 0;
    double delta() const { return newEarned - oldEarned; }
};

enum class ErratumKind { KeyWrong, Unclear, Other };
std::string_view nameOf(ErratumKind k); // "key-wrong", "unclear", "other"
std::optional<ErratumKind> erratumKindFromString(std::string_view s);

struct Erratum {
    std::int64_t id = 0;
    std::string learnerId;
    std::string learnerName;
    std::string questionId;
    std::string attemptId; // "" when reported outside an attempt
    std::optional<std::size_t> position;
    ErratumKind kind = ErratumKind::Other;
    std::string text;
    std::int64_t createdAt = 0;
    std::int64_t resolvedAt = 0; // 0 = open
    std::string resolution;
};

} // namespace examsim::core
