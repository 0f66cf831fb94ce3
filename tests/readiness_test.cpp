// Issue 9: readiness on simulated learners of known skill, against the exact binomial model; what to
// study next; time on task.
#include "adaptive_fixture.hpp"
#include "core/readiness.hpp"
#include "core/rng.hpp"

#include <cmath>
#include <doctest/doctest.h>

using namespace examsim::core;
using examsim::test::kT0;

namespace {

// P(X >= k) for X ~ Binomial(n, p), summed term by term.
double binomialTail(int n, double p, int k) {
    double total = 0;
    for (int x = k; x <= n; ++x)
        total += std::exp(std::lgamma(n + 1.0) - std::lgamma(x + 1.0) - std::lgamma(n - x + 1.0) +
                          x * std::log(p) + (n - x) * std::log(1 - p));
    return total;
}

const BankSet& banks() {
    static const examsim::test::TempDir dir;
    static const BankSet b = [] {
        dir.write("bank.json", examsim::test::adaptiveBankJson({"ta", "tb", "tc", "td"}, 1));
        return BankSet::load({dir.path()});
    }();
    return b;
}

// 40 questions, 10 per topic, pass mark 65 % (26), 60 minutes.
ExamProfile profile() {
    ExamProfile p;
    p.id = "sim";
    p.title = "Simulated exam";
    p.levels = {Level::Foundation};
    p.types = {QuestionType::Single};
    p.questions = 40;
    p.timeLimitMinutes = 60;
    p.passMarkPercent = 65;
    for (const char* t : {"ta", "tb", "tc", "td"})
        p.blueprint.push_back({std::string("Topic ") + t, {t}, 10});
    return p;
}

ReviewRecord answer(const std::string& topic, bool correct, std::int64_t at, std::int64_t timeMs = 20'000,
                    const std::string& level = "foundation") {
    ReviewRecord r;
    r.questionId = topic + "-1";
    r.topic = topic;
    r.level = level;
    r.type = "single";
    r.correct = correct;
    r.timeMs = timeMs;
    r.answeredAt = at;
    return r;
}

// A learner who answers each question right with probability `skill[topic]`, `perTopic` answers a topic.
std::vector<ReviewRecord> simulate(const std::vector<double>& skill, int perTopic, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<ReviewRecord> out;
    const char* topics[] = {"ta", "tb", "tc", "td"};
    for (int i = 0; i < perTopic; ++i)
        for (std::size_t t = 0; t < 4; ++t)
            out.push_back(
                answer(topics[t], static_cast<double>(rng.below(1'000'000)) / 1e6 < skill[t], kT0 + i));
    return out;
}

} // namespace

TEST_CASE("readiness: the exact pass probability of a sum of binomials") {
    // 40 questions at 80 %, 26 needed: sum over k = 26..40 of C(40,k) 0.8^k 0.2^(40-k).
    CHECK(passProbability({40}, {0.8}, 26) == doctest::Approx(binomialTail(40, 0.8, 26)).epsilon(1e-12));
    CHECK(passProbability({10, 10, 10, 10}, {0.8, 0.8, 0.8, 0.8}, 26) ==
          doctest::Approx(binomialTail(40, 0.8, 26)).epsilon(1e-12));
    CHECK(passProbability({40}, {0.65}, 26) == doctest::Approx(binomialTail(40, 0.65, 26)).epsilon(1e-12));
    CHECK(binomialTail(40, 0.65, 26) == doctest::Approx(0.57208).epsilon(1e-4)); // the figure the docs quote
    // Two groups of one question at 0.5 and 1.0: P(2 right) = 0.5.
    CHECK(passProbability({1, 1}, {0.5, 1.0}, 2) == doctest::Approx(0.5));
    CHECK(passProbability({3}, {0.3}, 0) == doctest::Approx(1.0));
}

TEST_CASE("readiness: a learner right 80 % of the time at random is estimated near the binomial model") {
    const double exact = binomialTail(40, 0.8, 26); // 0.99208
    const auto r = estimateReadiness(profile(), banks(), simulate({0.8, 0.8, 0.8, 0.8}, 60, 42));
    CAPTURE(r.passProbability);
    CAPTURE(r.low);
    CAPTURE(r.high);
    CHECK(r.questions == 40);
    CHECK(r.passMark == 26);
    CHECK(r.answers == 240);
    CHECK(std::abs(r.passProbability - exact) < 0.03);
    CHECK(r.low <= exact);
    CHECK(r.high >= exact);
}

TEST_CASE(
    "readiness: a learner right 65 % of the time with much data is near the binomial model and sure of it") {
    // Exactly 13 of every 20 right in each topic, 1,000 answers per topic all counted.
    std::vector<ReviewRecord> records;
    for (int i = 0; i < 1000; ++i)
        for (const char* t : {"ta", "tb", "tc", "td"}) records.push_back(answer(t, i % 20 < 13, kT0 + i));
    ReadinessOptions o;
    o.recentPerGroup = 1000;
    const double exact = binomialTail(40, 0.65, 26); // 0.57208
    const auto r = estimateReadiness(profile(), banks(), records, o);
    CAPTURE(r.passProbability);
    CAPTURE(r.low);
    CAPTURE(r.high);
    CHECK(std::abs(r.passProbability - exact) < 0.02);
    CHECK(r.low <= exact);
    CHECK(r.high >= exact);
    CHECK(r.high - r.low < 0.15);
}

TEST_CASE("readiness: little data gives a wide band and only recent answers count") {
    // 5 of 8 right, near the pass mark: anything from a likely fail to a likely pass.
    const std::vector<ReviewRecord> eight = {
        answer("ta", true, kT0),  answer("ta", true, kT0), answer("tb", true, kT0), answer("tb", false, kT0),
        answer("tc", false, kT0), answer("tc", true, kT0), answer("td", true, kT0), answer("td", false, kT0)};
    const auto few = estimateReadiness(profile(), banks(), eight);
    CAPTURE(few.low);
    CAPTURE(few.high);
    CHECK(few.answers == 8);
    CHECK(few.high - few.low > 0.5);
    // The same share right over 800 answers narrows it.
    std::vector<ReviewRecord> many;
    for (int i = 0; i < 100; ++i) many.insert(many.end(), eight.begin(), eight.end());
    ReadinessOptions all;
    all.recentPerGroup = 1000;
    const auto lots = estimateReadiness(profile(), banks(), many, all);
    CAPTURE(lots.low);
    CAPTURE(lots.high);
    CHECK(lots.high - lots.low < (few.high - few.low) / 2);
    const auto none = estimateReadiness(profile(), banks(), {});
    CHECK(none.answers == 0);
    CHECK(none.high - none.low > 0.6);
    // Old answers drop out: 100 wrong ones, then 60 right ones per topic, window 60.
    std::vector<ReviewRecord> records;
    for (int i = 0; i < 160; ++i)
        for (const char* t : {"ta", "tb", "tc", "td"}) records.push_back(answer(t, i >= 100, kT0 + i));
    const auto recent = estimateReadiness(profile(), banks(), records);
    CHECK(recent.groups[0].answers == 60);
    CHECK(recent.groups[0].correct == 60);
    CHECK(recent.groups[0].share > 0.97); // 60 of 60 right, pooled with 240 of 240 overall
    CHECK(recent.passProbability > 0.99);
}

TEST_CASE("readiness: answers of another level and other topics do not count") {
    std::vector<ReviewRecord> records = simulate({0.8, 0.8, 0.8, 0.8}, 5, 1);
    records.push_back(answer("ta", false, kT0, 20'000, "auditor"));
    records.push_back(answer("elsewhere", false, kT0));
    CHECK(estimateReadiness(profile(), banks(), records).answers == 20);
}

TEST_CASE("readiness: what to study next is the group whose improvement raises the pass probability most") {
    const auto r = estimateReadiness(profile(), banks(), simulate({0.9, 0.9, 0.9, 0.4}, 60, 3));
    REQUIRE(r.studyNext.size() == 4);
    CHECK(r.studyNext[0].label == "Topic td");
    CHECK(r.studyNext[0].gain > 0);
    for (const auto& g : r.groups) CHECK(g.gain >= 0);
    // The gain is what a quarter fewer wrong answers in that group would add: check it against the
    // exact model at the posterior means, where it should be close.
    std::vector<double> p;
    for (const auto& g : r.groups) p.push_back(g.share);
    const double base = passProbability({10, 10, 10, 10}, p, 26);
    p[3] += 0.25 * (1 - p[3]);
    CHECK(r.studyNext[0].gain ==
          doctest::Approx(passProbability({10, 10, 10, 10}, p, 26) - base).epsilon(0.05));
}

TEST_CASE("readiness: the same answers always give the same figures") {
    const auto records = simulate({0.7, 0.6, 0.8, 0.5}, 20, 9);
    const auto a = estimateReadiness(profile(), banks(), records);
    const auto b = estimateReadiness(profile(), banks(), records);
    CHECK(a.passProbability == b.passProbability);
    CHECK(a.low == b.low);
    CHECK(a.high == b.high);
}

TEST_CASE("readiness: time on task finds slow topics and likely guesses") {
    std::vector<ReviewRecord> records;
    for (int i = 0; i < 4; ++i) records.push_back(answer("ta", true, kT0 + i, 20'000));
    for (int i = 0; i < 4; ++i) records.push_back(answer("tb", true, kT0 + i, 60'000));
    for (int i = 0; i < 3; ++i) records.push_back(answer("tc", i == 0, kT0 + i, 2'000));
    records.push_back(answer("td", true, kT0, 0)); // no time recorded: left out
    const ExamProfile p = profile();
    // All 11 timed answers: 2 2 2 20 20 20 20 60 60 60 60 -> median 20 s. 60 minutes / 40 questions = 90 s.
    const auto t = timeOnTask(records, "foundation", &p);
    CHECK(t.medianMs == 20'000);
    CHECK(t.profileMsPerQuestion == 90'000);
    CHECK(t.rapid == 3);
    CHECK(t.rapidCorrect == 1);
    REQUIRE(t.topics.size() == 3);
    CHECK(t.topics[0].topic == "tb");
    CHECK(t.topics[0].slow);
    CHECK(t.topics[0].ratio == doctest::Approx(3.0));
    CHECK(t.topics[1].topic == "ta");
    CHECK_FALSE(t.topics[1].slow);
    CHECK(t.topics[2].topic == "tc");
    CHECK(t.topics[2].rapid == 3);
    CHECK(timeOnTask(records, "auditor", &p).medianMs == 0);
}

TEST_CASE("readiness: a case-study profile counts marks") {
    ExamProfile p = profile();
    p.questions = 0;
    p.caseStudies = 4;
    p.marksPerCaseStudy = 20;
    p.passMarkPercent = 50;
    p.blueprint = {{"Cases A", {"ta"}, 1}, {"Cases B", {"tb", "tc"}, 2}, {"Cases D", {"td"}, 1}};
    const auto r = estimateReadiness(p, banks(), simulate({0.8, 0.8, 0.8, 0.8}, 10, 5));
    CHECK(r.questions == 80);
    CHECK(r.passMark == 40);
    REQUIRE(r.groups.size() == 3);
    CHECK(r.groups[1].questions == 40);
    CHECK(r.groups[1].answers == 20); // tb and tc
    CHECK(r.passProbability > 0.95);
}
