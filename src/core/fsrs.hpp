// FSRS-6, the Free Spaced Repetition Scheduler (open-spaced-repetition), for questions: memory state
// (stability, difficulty), retrievability and the next interval in whole days, with interval fuzz that is
// deterministic (seeded) so that replaying a learner's answers always gives the same schedule.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace examsim::core {

enum class Rating { Again = 1, Hard = 2, Good = 3, Easy = 4 };
std::string_view nameOf(Rating r);

// The 21 default weights of FSRS-6 as published by open-spaced-repetition: py-fsrs
// fsrs/scheduler.py DEFAULT_PARAMETERS and ts-fsrs (the same list in __tests__/FSRS-6.test.ts).
inline constexpr std::array<double, 21> kFsrs6DefaultWeights = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};

struct FsrsParameters {
    std::array<double, 21> w = kFsrs6DefaultWeights;
    double desiredRetention = 0.9;
    int maximumInterval = 36500; // days
    bool fuzz = true;
};

struct MemoryState {
    double stability = 0;  // days until retrievability falls to 90 %
    double difficulty = 0; // 1 (easy) .. 10 (hard)
};

class Fsrs {
  public:
    explicit Fsrs(FsrsParameters parameters = {});
    const FsrsParameters& parameters() const { return m_p; }

    MemoryState initial(Rating r) const;
    // The state after a review `elapsedDays` whole days after the previous one (nullopt: first review).
    // A review on the same day (elapsedDays < 1) uses FSRS-6's short-term stability formula.
    MemoryState next(const std::optional<MemoryState>& state, double elapsedDays, Rating r) const;
    // Probability of recall `elapsedDays` after the last review.
    double retrievability(const MemoryState& state, double elapsedDays) const;
    // The interval in whole days at which retrievability reaches the desired retention, 1..maximum.
    int interval(double stability) const;
    // The interval with fuzz: a day drawn evenly from fuzzRange(days), by `seed` (no fuzz below 3 days or
    // when fuzz is off).
    int fuzzedInterval(int days, std::uint64_t seed) const;
    std::pair<int, int> fuzzRange(int days) const;

  private:
    FsrsParameters m_p;
    double m_decay;
    double m_factor;
    double initialDifficulty(Rating r, bool clamp) const;
    double nextDifficulty(double d, Rating r) const;
};

// The fuzz seed of one review: FNV-1a over learner id, question id and the review's number.
std::uint64_t fuzzSeed(std::string_view learnerId, std::string_view questionId, int reviewNumber);

} // namespace examsim::core
