#include "core/fsrs.hpp"

#include "core/rng.hpp"

#include <algorithm>
#include <cmath>

namespace examsim::core {

namespace {
constexpr double kStabilityMin = 0.001;
constexpr double kMinDifficulty = 1.0;
constexpr double kMaxDifficulty = 10.0;

// The fuzz ranges of py-fsrs / ts-fsrs (FUZZ_RANGES): each part of the interval adds its factor per day.
struct FuzzRange {
    double start, end, factor;
};
constexpr FuzzRange kFuzzRanges[] = {{2.5, 7.0, 0.15}, {7.0, 20.0, 0.1}, {20.0, 1e300, 0.05}};

double clampDifficulty(double d) {
    return std::clamp(d, kMinDifficulty, kMaxDifficulty);
}
double clampStability(double s) {
    return std::max(s, kStabilityMin);
}
int grade(Rating r) {
    return static_cast<int>(r);
}
} // namespace

std::string_view nameOf(Rating r) {
    switch (r) {
    case Rating::Again:
        return "again";
    case Rating::Hard:
        return "hard";
    case Rating::Good:
        return "good";
    case Rating::Easy:
        return "easy";
    }
    return "good";
}

Fsrs::Fsrs(FsrsParameters parameters) : m_p(parameters) {
    m_decay = -m_p.w[20];
    m_factor = std::pow(0.9, 1.0 / m_decay) - 1.0; // so that R = 0.9 when elapsed = stability
}

MemoryState Fsrs::initial(Rating r) const {
    return {clampStability(m_p.w[static_cast<std::size_t>(grade(r) - 1)]), initialDifficulty(r, true)};
}

double Fsrs::initialDifficulty(Rating r, bool clamp) const {
    const double d = m_p.w[4] - std::exp(m_p.w[5] * (grade(r) - 1)) + 1.0;
    return clamp ? clampDifficulty(d) : d;
}

double Fsrs::nextDifficulty(double d, Rating r) const {
    const double delta = -m_p.w[6] * (grade(r) - 3);
    const double damped = d + (10.0 - d) * delta / 9.0; // linear damping: less change near 10
    // Mean reversion towards the initial difficulty of an Easy first answer.
    return clampDifficulty(m_p.w[7] * initialDifficulty(Rating::Easy, false) + (1.0 - m_p.w[7]) * damped);
}

double Fsrs::retrievability(const MemoryState& s, double elapsedDays) const {
    return std::pow(1.0 + m_factor * std::max(0.0, elapsedDays) / s.stability, m_decay);
}

MemoryState Fsrs::next(const std::optional<MemoryState>& state, double elapsedDays, Rating r) const {
    if (!state) return initial(r);
    const auto& w = m_p.w;
    const double s = state->stability, d = state->difficulty;
    double ns;
    if (elapsedDays < 1) {
        double inc = std::exp(w[17] * (grade(r) - 3 + w[18])) * std::pow(s, -w[19]);
        if (r == Rating::Good || r == Rating::Easy) inc = std::max(inc, 1.0);
        ns = s * inc;
    } else {
        const double ret = retrievability(*state, elapsedDays);
        if (r == Rating::Again) {
            const double longTerm = w[11] * std::pow(d, -w[12]) * (std::pow(s + 1.0, w[13]) - 1.0) *
                                    std::exp((1.0 - ret) * w[14]);
            const double shortTerm = s / std::exp(w[17] * w[18]);
            ns = std::min(longTerm, shortTerm);
        } else {
            const double hardPenalty = r == Rating::Hard ? w[15] : 1.0;
            const double easyBonus = r == Rating::Easy ? w[16] : 1.0;
            ns = s * (1.0 + std::exp(w[8]) * (11.0 - d) * std::pow(s, -w[9]) *
                                (std::exp((1.0 - ret) * w[10]) - 1.0) * hardPenalty * easyBonus);
        }
    }
    return {clampStability(ns), nextDifficulty(d, r)};
}

int Fsrs::interval(double stability) const {
    const double days = stability / m_factor * (std::pow(m_p.desiredRetention, 1.0 / m_decay) - 1.0);
    return std::clamp(static_cast<int>(std::lround(days)), 1, std::max(1, m_p.maximumInterval));
}

std::pair<int, int> Fsrs::fuzzRange(int days) const {
    double delta = 1.0;
    for (const auto& f : kFuzzRanges)
        delta += f.factor * std::max(std::min<double>(days, f.end) - f.start, 0.0);
    int lo = static_cast<int>(std::lround(days - delta));
    int hi = static_cast<int>(std::lround(days + delta));
    lo = std::max(2, lo);
    hi = std::min(hi, m_p.maximumInterval);
    lo = std::min(lo, hi);
    return {lo, hi};
}

int Fsrs::fuzzedInterval(int days, std::uint64_t seed) const {
    if (!m_p.fuzz || days < 3) return days; // py-fsrs: no fuzz below 2.5 days
    const auto [lo, hi] = fuzzRange(days);
    Rng rng(seed);
    return lo + static_cast<int>(rng.below(static_cast<std::uint64_t>(hi - lo + 1)));
}

std::uint64_t fuzzSeed(std::string_view learnerId, std::string_view questionId, int reviewNumber) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    auto mix = [&](std::string_view s) {
        for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
        h = (h ^ 0xff) * 0x100000001b3ull; // separator: ("ab","c") differs from ("a","bc")
    };
    mix(learnerId);
    mix(questionId);
    mix(std::to_string(reviewNumber));
    return h;
}

} // namespace examsim::core
