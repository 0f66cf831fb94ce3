// Progress-store figures on a generated database (tools/gen_progress_db.py): dashboard query times and
// the latency of recording one answer durably (synchronous=FULL). Prints a table; writes only a new
// attempt of one learner into the database it is given.
//   build/store-bench /tmp/big.db [--banks question-banks]
#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/paths.hpp"
#include "core/store/progress_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace examsim::core;
using WallClock = std::chrono::steady_clock;

namespace {

struct Figures {
    double median, p95, p99, max;
};

Figures measure(int runs, const std::function<void(int)>& f) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = WallClock::now();
        f(i);
        ms.push_back(std::chrono::duration<double, std::milli>(WallClock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))]; };
    return {at(0.5), at(0.95), at(0.99), ms.back()};
}

void row(const char* name, const Figures& f, double target) {
    std::printf("%-44s %9.3f %9.3f %9.3f %9.3f   %s %.0f ms\n", name, f.median, f.p95, f.p99, f.max,
                f.p95 < target ? "ok, under" : "OVER", target);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: store-bench DATABASE [BANK-FOLDER]\n");
        return 2;
    }
    auto opened = ProgressStore::open(argv[1], false);
    if (auto* e = std::get_if<StoreError>(&opened)) {
        std::fprintf(stderr, "store-bench: %s\n", e->message.c_str());
        return 1;
    }
    auto& store = *std::get<std::unique_ptr<ProgressStore>>(opened);
    const auto banks = BankSet::load({argc > 2 ? std::filesystem::path(argv[2]) : bundledBanksDir()});
    std::vector<std::string> questionIds;
    for (const auto& b : banks.banks())
        for (const auto& q : b.questions) questionIds.push_back(q.id);

    const auto learners = store.learners("", false);
    std::printf("%zu learners; %zu questions in the banks\n\n", learners.size(), questionIds.size());
    std::printf("%-44s %9s %9s %9s %9s\n", "query (ms)", "median", "p95", "p99", "max");
    auto pick = [&](int i) { return learners[static_cast<std::size_t>(i * 37) % learners.size()].id; };
    const int runs = 50;
    row("history (one learner's attempts)", measure(runs, [&](int i) { (void)store.history(pick(i)); }), 50);
    row("best and latest per profile", measure(runs, [&](int i) { (void)store.profileSummaries(pick(i)); }), 50);
    row("mastery by topic (last 20 per topic)", measure(runs, [&](int i) { (void)store.topicMastery(pick(i)); }), 50);
    row("weakest topics", measure(runs, [&](int i) { (void)store.weakestTopics(pick(i), 5); }), 50);
    row("questions never seen (all bank questions)", measure(runs, [&](int i) { (void)store.unseenQuestions(pick(i), questionIds); }), 50);
    row("team roll-up (one team)", measure(runs, [&](int i) { (void)store.teamRollup(learners[static_cast<std::size_t>(i) % learners.size()].team); }), 50);
    row("team roll-up (everyone)", measure(10, [&](int) { (void)store.teamRollup(""); }), 50);
    row("learner list", measure(runs, [&](int) { (void)store.learners(); }), 50);

    // Paper assembly with a learner's history: 40 Foundation questions preferring unseen ones.
    const auto profiles = loadProfilesFrom({argc > 2 ? std::filesystem::path(argv[2]) : bundledBanksDir()}, banks);
    if (const ExamProfile* f = profiles.find("foundation")) {
        row("Foundation paper with history", measure(20, [&](int i) {
                StoreHistory h(store, pick(i));
                AssemblyOptions o;
                o.seed = static_cast<std::uint64_t>(i);
                o.history = &h;
                (void)assemblePaper(banks, *f, o);
            }), 500);
    }

    // Recording answers durably: a new attempt for one learner, each answer its own FULL-synced commit.
    DrillSpec spec;
    spec.count = 40;
    AssemblyOptions o;
    const Paper paper = std::get<Paper>(assembleDrill(banks, spec, o));
    AttemptMeta meta;
    meta.profileId = "bench";
    meta.profileTitle = "Benchmark";
    const auto learner = store.createLearner("Benchmark learner");
    const std::string id = store.startAttempt(learner, paper, meta);
    ItemState s;
    const Figures rec = measure(200, [&](int i) {
        const std::size_t pos = static_cast<std::size_t>(i) % paper.items.size();
        s.answer = keyAnswer(paper.items[pos].question);
        store.recordResponse(id, pos, paper.items[pos], s, i * 1000);
    });
    std::printf("\n");
    row("record one answer (synchronous=FULL)", rec, 2);
    store.deleteLearner(learner.id);
    return 0;
}
