// Adaptive study on a learner's stored answers (issue 9): the calls the app's start screen and dashboard
// and the command line make, joining the progress store, the banks and core/adaptive.
#pragma once

#include "core/adaptive.hpp"
#include "core/store/progress_store.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace examsim::core {

// Every question the learner has answered, with its memory state at `now` (key changes applied).
std::vector<CardState> learnerCards(const ProgressStore& store, const BankSet& banks,
                                    const std::string& learnerId, std::int64_t now,
                                    const FsrsParameters& fsrs = {});

// The paper of a Due study session for the learner (see assembleDueSession).
std::variant<DueSession, AssemblyError> buildDueSession(const ProgressStore& store, const BankSet& banks,
                                                        const std::string& learnerId,
                                                        const DueSessionSpec& spec);

} // namespace examsim::core
