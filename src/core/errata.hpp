// The errata loop: learners report a problem with a question (from review or study, or a trainer on
// their behalf); trainers list the reports with each question's statistics and resolve them.
#pragma once

#include "core/bank_set.hpp"
#include "core/store/progress_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace examsim::core {

inline constexpr std::size_t kMaxErratumText = 2000;

struct ErratumRequest {
    std::string learnerId;
    std::string questionId;
    ErratumKind kind = ErratumKind::Other;
    std::string text;
    std::string attemptId;               // when reported from an attempt's review
    std::optional<std::size_t> position; // 0-based position in that attempt
};

struct ErratumError {
    std::string message;
};

// Checks the report (a known learner and question, text for "other", the attempt and position agree
// with the question) and stores it. Returns the report's id.
std::variant<std::int64_t, ErratumError> reportProblem(ProgressStore& store, const BankSet& banks,
                                                       const ErratumRequest& request);

} // namespace examsim::core
