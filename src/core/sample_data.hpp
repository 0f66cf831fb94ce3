// Sample progress for screenshots, demonstrations and benchmarks: learners of a team with a plausible
// history (exam attempts improving over a month, study sessions, weaker and stronger topics, one exam
// left in progress), generated deterministically from a seed through the same paths as real attempts.
#pragma once

#include "core/profile.hpp"
#include "core/scoring.hpp"
#include "core/store/progress_store.hpp"

#include <cstdint>
#include <string>

namespace examsim::core {

class BankSet;
class Rng;

// An answer that earns less than full marks (for simulated learners): another option, a flipped
// true/false, two matches or two steps swapped.
Answer wrongAnswer(const Question& question, Rng& rng);

struct SampleOptions {
    std::uint64_t seed = 20000;
    std::string learnerName = "Sam Sample";
    std::string team = "Service Desk";
    std::int64_t now = 0; // unix seconds the history ends at (0: the current time)
};

// Fills an empty store with sample learners and attempts; returns the main sample learner.
Learner populateSampleProgress(ProgressStore& store, const BankSet& banks, const ProfileSet& profiles, const SampleOptions& options);

} // namespace examsim::core
