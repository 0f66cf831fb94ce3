#include "core/readiness.hpp"

#include "core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace examsim::core {

namespace {

double uniform01(Rng& rng) {
    return static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
}

double standardNormal(Rng& rng) {
    double u1 = uniform01(rng);
    while (u1 <= 0) u1 = uniform01(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * uniform01(rng));
}

// Marsaglia and Tsang's method; shapes below 1 through Gamma(k + 1) * U^(1/k).
double gammaSample(Rng& rng, double k) {
    if (k < 1.0) {
        double u = uniform01(rng);
        while (u <= 0) u = uniform01(rng);
        return gammaSample(rng, k + 1.0) * std::pow(u, 1.0 / k);
    }
    const double d = k - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    while (true) {
        double x, v;
        do {
            x = standardNormal(rng);
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const double u = uniform01(rng);
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (u > 0 && std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
}

double betaSample(Rng& rng, double a, double b) {
    const double x = gammaSample(rng, std::max(a, 1e-3)), y = gammaSample(rng, std::max(b, 1e-3));
    return x + y > 0 ? x / (x + y) : a / (a + b); // tiny shapes can underflow both to 0
}

double quantile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto i = static_cast<std::size_t>(pos);
    const double frac = pos - static_cast<double>(i);
    return i + 1 < v.size() ? v[i] * (1 - frac) + v[i + 1] * frac : v[i];
}

std::int64_t median(std::vector<std::int64_t> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

const ExamProfile* readinessProfile(const ProfileSet& profiles, Level level) {
    for (const auto& p : profiles.profiles)
        if (std::find(p.levels.begin(), p.levels.end(), level) != p.levels.end()) return &p;
    return nullptr;
}

double passProbability(const std::vector<int>& n, const std::vector<double>& p, int passMark) {
    std::size_t questions = 0;
    for (int c : n) questions += static_cast<std::size_t>(std::max(c, 0));
    std::vector<double> dist(questions + 1, 0.0); // dist[k] = P(k right so far)
    dist[0] = 1.0;
    std::size_t size = 1; // entries in use
    for (std::size_t g = 0; g < n.size(); ++g) {
        const double pg = std::clamp(p[g], 0.0, 1.0);
        for (int q = 0; q < n[g]; ++q, ++size) { // one question at a time: a binomial is a sum of Bernoullis
            // In place, from the top down, so each entry is read before it is overwritten (the readiness
            // estimate calls this thousands of times: no vector per question).
            for (std::size_t k = size; k-- > 0;) {
                dist[k + 1] += dist[k] * pg;
                dist[k] *= 1.0 - pg;
            }
        }
    }
    double total = 0;
    for (std::size_t k = static_cast<std::size_t>(std::max(passMark, 0)); k < size; ++k) total += dist[k];
    return std::clamp(total, 0.0, 1.0);
}

Readiness estimateReadiness(const ExamProfile& profile, const BankSet& banks,
                            const std::vector<ReviewRecord>& records, const ReadinessOptions& options) {
    Readiness r;
    r.profileId = profile.id;
    r.profileTitle = profile.title;
    const std::size_t groups = profile.blueprint.size();
    std::vector<std::vector<bool>> results(groups); // in answered order
    std::vector<ReviewRecord> sorted = records;
    std::stable_sort(sorted.begin(), sorted.end(), [](const ReviewRecord& a, const ReviewRecord& b) {
        return a.answeredAt < b.answeredAt;
    });
    for (const auto& rec : sorted) {
        const auto level = levelFromString(rec.level);
        if (!level || std::find(profile.levels.begin(), profile.levels.end(), *level) == profile.levels.end())
            continue;
        for (std::size_t g = 0; g < groups; ++g) {
            const auto& topics = profile.blueprint[g].topics;
            if (std::any_of(topics.begin(), topics.end(),
                            [&](const std::string& t) { return topicUnder(banks, rec.topic, t); })) {
                results[g].push_back(rec.correct);
                break;
            }
        }
    }
    const int unitsPerEntry =
        profile.usesCaseStudies() ? static_cast<int>(std::lround(profile.marksPerCaseStudy)) : 1;
    std::vector<int> n(groups);
    std::vector<int> right(groups), wrong(groups);
    int allRight = 0, allWrong = 0;
    for (std::size_t g = 0; g < groups; ++g) {
        GroupReadiness gr;
        gr.label = profile.blueprint[g].label;
        gr.questions = n[g] = profile.blueprint[g].count * unitsPerEntry;
        const auto& res = results[g];
        const std::size_t from = res.size() > static_cast<std::size_t>(options.recentPerGroup)
                                     ? res.size() - static_cast<std::size_t>(options.recentPerGroup)
                                     : 0;
        for (std::size_t i = from; i < res.size(); ++i) ++gr.answers, gr.correct += res[i] ? 1 : 0;
        right[g] = gr.correct;
        wrong[g] = gr.answers - gr.correct;
        allRight += right[g];
        allWrong += wrong[g];
        r.questions += gr.questions;
        r.answers += gr.answers;
        r.groups.push_back(gr);
    }
    r.passMark = static_cast<int>(std::ceil(profile.passMarkPercent / 100.0 * r.questions - 1e-9));

    Rng rng(options.seed);
    std::vector<double> pass;
    std::vector<double> gains(groups, 0.0);
    std::vector<double> p(groups);
    std::vector<double> shareSum(groups, 0.0);
    const double k = options.poolStrength;
    for (int d = 0; d < std::max(options.draws, 1); ++d) {
        const double theta = betaSample(rng, 1.0 + allRight, 1.0 + allWrong);
        for (std::size_t g = 0; g < groups; ++g) {
            p[g] = betaSample(rng, k * theta + right[g], k * (1.0 - theta) + wrong[g]);
            shareSum[g] += p[g];
        }
        const double base = passProbability(n, p, r.passMark);
        pass.push_back(base);
        for (std::size_t g = 0; g < groups; ++g) {
            const double keep = p[g];
            p[g] = keep + options.errorReduction * (1.0 - keep);
            gains[g] += passProbability(n, p, r.passMark) - base;
            p[g] = keep;
        }
    }
    double sum = 0;
    for (double x : pass) sum += x;
    r.passProbability = sum / static_cast<double>(pass.size());
    r.low = quantile(pass, options.bandLow);
    r.high = quantile(pass, options.bandHigh);
    for (std::size_t g = 0; g < groups; ++g) {
        r.groups[g].gain = gains[g] / static_cast<double>(pass.size());
        r.groups[g].share = shareSum[g] / static_cast<double>(pass.size());
    }
    r.studyNext = r.groups;
    std::stable_sort(r.studyNext.begin(), r.studyNext.end(),
                     [](const GroupReadiness& x, const GroupReadiness& y) { return x.gain > y.gain; });
    return r;
}

TimeOnTask timeOnTask(const std::vector<ReviewRecord>& records, const std::string& level,
                      const ExamProfile* profile) {
    TimeOnTask t;
    if (profile && profile->timeLimitMinutes > 0 && profile->questions > 0)
        t.profileMsPerQuestion = profile->timeLimitMinutes * 60'000LL / profile->questions;
    std::vector<std::int64_t> all;
    std::map<std::string, std::vector<const ReviewRecord*>> byTopic;
    for (const auto& r : records) {
        if (r.timeMs <= 0 || (!level.empty() && r.level != level)) continue;
        all.push_back(r.timeMs);
        byTopic[r.topic].push_back(&r);
        if (r.timeMs < kGuessMs) ++t.rapid, t.rapidCorrect += r.correct ? 1 : 0;
    }
    t.medianMs = median(all);
    for (const auto& [topic, list] : byTopic) {
        TopicTime tt;
        tt.topic = topic;
        std::vector<std::int64_t> times;
        for (const auto* r : list) {
            times.push_back(r->timeMs);
            ++tt.answers;
            if (r->timeMs < kGuessMs) ++tt.rapid, tt.rapidCorrect += r->correct ? 1 : 0;
        }
        tt.medianMs = median(times);
        tt.ratio = t.medianMs > 0 ? static_cast<double>(tt.medianMs) / static_cast<double>(t.medianMs) : 0.0;
        tt.slow =
            tt.answers >= kMinTopicAnswers &&
            (tt.ratio >= kSlowRatio || (t.profileMsPerQuestion > 0 && tt.medianMs > t.profileMsPerQuestion));
        t.topics.push_back(tt);
    }
    std::stable_sort(t.topics.begin(), t.topics.end(), [](const TopicTime& a, const TopicTime& b) {
        if (a.slow != b.slow) return a.slow;
        return a.ratio > b.ratio;
    });
    return t;
}

} // namespace examsim::core
