#include "core/sample_data.hpp"

#include "core/bank_set.hpp"
#include "core/recorded_attempt.hpp"
#include "core/rng.hpp"

#include <algorithm>
#include <chrono>
#include <functional>

namespace examsim::core {

Answer wrongAnswer(const Question& q, Rng& rng) {
    Answer a = keyAnswer(q);
    auto otherThan = [&](const std::vector<std::string>& avoid, const std::vector<Choice>& from) -> std::string {
        std::vector<std::string> pool;
        for (const auto& c : from)
            if (std::find(avoid.begin(), avoid.end(), c.id) == avoid.end()) pool.push_back(c.id);
        return pool.empty() ? std::string() : pool[rng.below(pool.size())];
    };
    switch (q.type) {
    case QuestionType::TrueFalse: a.selected = {q.keyTrue ? "false" : "true"}; break;
    case QuestionType::Single:
        if (auto o = otherThan(a.selected, q.options); !o.empty()) a.selected = {o};
        break;
    case QuestionType::AssertionReason: {
        const std::string key = a.selected.empty() ? "a" : a.selected.front();
        std::string other = key;
        while (other == key) other = std::string(1, static_cast<char>('a' + rng.below(5)));
        a.selected = {other};
        break;
    }
    case QuestionType::Multiple:
        if (auto o = otherThan(a.selected, q.options); !o.empty() && !a.selected.empty()) a.selected[rng.below(a.selected.size())] = o;
        break;
    case QuestionType::Matching:
        if (a.matches.size() >= 2) std::swap(a.matches[0].second, a.matches[1].second);
        break;
    case QuestionType::Sequencing:
        if (a.selected.size() >= 2) {
            const auto i = rng.below(a.selected.size() - 1);
            std::swap(a.selected[i], a.selected[i + 1]);
        }
        break;
    }
    return a;
}

namespace {

// Plays one attempt: each question right with the learner's skill in its topic group, a few flagged,
// then stored at the given time.
std::string playAttempt(ProgressStore& store, const Learner& learner, const BankSet& banks, const ProfileSet& profiles,
                        const AttemptRequest& request, double skill, std::int64_t startedAt, Rng& rng, bool finish = true,
                        std::size_t answerCount = SIZE_MAX) {
    FakeClock clock;
    auto started = RecordedAttempt::start(&store, learner, banks, profiles, request, clock);
    auto* attempt = std::get_if<std::unique_ptr<RecordedAttempt>>(&started);
    if (!attempt || (*attempt)->id().empty()) return "";
    auto& a = **attempt;
    auto& s = a.session();
    const std::hash<std::string> hash;
    for (std::size_t i = 0; i < s.size() && i < answerCount; ++i) {
        s.go(i);
        const auto& q = s.item(i).question;
        // Each topic group is a little easier or harder for this learner, so weak areas show.
        const double bias = static_cast<double>(hash(s.item(i).group + learner.name) % 31) / 100.0 - 0.15;
        const bool right = static_cast<double>(rng.below(1000)) / 1000.0 < std::clamp(skill + bias, 0.05, 0.98);
        clock.advanceSeconds(25 + static_cast<double>(rng.below(70)));
        // While studying, learners say how sure they are: mostly sure when right, sometimes when wrong.
        if (request.mode != Mode::Exam) s.setConfidence(i, right ? (rng.below(4) != 0 ? 1 : 0) : (rng.below(3) == 0 ? 1 : 0));
        s.answer(right ? keyAnswer(q) : wrongAnswer(q, rng));
        if (rng.below(12) == 0) s.setFlag(i, true);
        a.sync();
    }
    if (finish) s.submit();
    a.sync(true);
    const std::string id = a.id();
    a.close();
    const std::int64_t finishedAt = startedAt + std::max<std::int64_t>(60, s.elapsedMs() / 1000);
    store.setAttemptTimes(id, startedAt, finish ? finishedAt : 0);
    return id;
}

} // namespace

Learner populateSampleProgress(ProgressStore& store, const BankSet& banks, const ProfileSet& profiles, const SampleOptions& o) {
    const std::int64_t now =
        o.now ? o.now : std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    constexpr std::int64_t kDay = 86'400;
    Rng rng(o.seed);
    auto exam = [](const std::string& profile, Mode mode, std::uint64_t seed) {
        AttemptRequest r;
        r.profileId = profile;
        r.mode = mode;
        r.seed = seed;
        return r;
    };
    const Learner main = store.createLearner(o.learnerName, o.team);
    // A month of Foundation practice, improving; a first look at the other levels.
    const double foundation[] = {0.52, 0.58, 0.63, 0.69, 0.76};
    for (int i = 0; i < 5; ++i)
        playAttempt(store, main, banks, profiles, exam("foundation", Mode::Exam, o.seed + static_cast<std::uint64_t>(i)), foundation[i],
                    now - (30 - 6 * i) * kDay, rng);
    playAttempt(store, main, banks, profiles, exam("quick-quiz", Mode::Study, o.seed + 10), 0.7, now - 20 * kDay, rng);
    playAttempt(store, main, banks, profiles, exam("foundation", Mode::Study, o.seed + 15), 0.7, now - 15 * kDay, rng);
    playAttempt(store, main, banks, profiles, exam("foundation-bridge", Mode::Exam, o.seed + 11), 0.7, now - 9 * kDay, rng);
    playAttempt(store, main, banks, profiles, exam("auditor", Mode::Exam, o.seed + 12), 0.47, now - 5 * kDay, rng);
    playAttempt(store, main, banks, profiles, exam("auditor", Mode::Exam, o.seed + 13), 0.6, now - 2 * kDay, rng);
    playAttempt(store, main, banks, profiles, exam("practitioner", Mode::Exam, o.seed + 14), 0.55, now - 1 * kDay, rng);
    // Two colleagues, so team views have rows.
    const Learner jo = store.createLearner("Jo Example", o.team);
    playAttempt(store, jo, banks, profiles, exam("foundation", Mode::Exam, o.seed + 20), 0.6, now - 12 * kDay, rng);
    playAttempt(store, jo, banks, profiles, exam("foundation", Mode::Exam, o.seed + 21), 0.72, now - 3 * kDay, rng);
    const Learner kim = store.createLearner("Kim Demo", o.team);
    playAttempt(store, kim, banks, profiles, exam("foundation", Mode::Exam, o.seed + 30), 0.84, now - 8 * kDay, rng);
    playAttempt(store, kim, banks, profiles, exam("auditor", Mode::Exam, o.seed + 31), 0.7, now - 4 * kDay, rng);
    // And a Foundation exam left part-way, to resume.
    playAttempt(store, main, banks, profiles, exam("foundation", Mode::Exam, o.seed + 40), 0.75, now - 600, rng, false, 12);
    return main;
}

} // namespace examsim::core
