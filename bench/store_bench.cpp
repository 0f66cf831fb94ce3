// Progress-store figures on a generated database (tools/gen_progress_db.py): the dashboard, history, team,
// item-analysis, due/forecast and readiness queries, and the latency of recording one answer durably
// (synchronous=FULL). One table row per figure (bench_util.hpp). Writes only a new learner with one
// attempt into the database it is given, and deletes it again.
//   build/store-bench DATABASE [BANK-FOLDER [ONLY]]   (ONLY: run the figures whose name contains it)
#include "core/allocator.hpp"
#include "bench_util.hpp"

#include "core/adaptive_store.hpp"
#include "core/bank_set.hpp"
#include "core/item_analysis.hpp"
#include "core/paper.hpp"
#include "core/paths.hpp"
#include "core/readiness.hpp"
#include "core/store/progress_store.hpp"

#include <string>
#include <vector>

using namespace examsim::core;

namespace {

std::string g_only; // run only the figures whose name contains it

bool wanted(const std::string& name) { return name.find(g_only) != std::string::npos; }

// Queries a screen runs: judged on the 95th percentile against 50 ms.
void query(const std::string& name, int runs, const std::function<void(int)>& f, double targetMs = 50) {
    if (!wanted(name)) return;
    const auto r = bench::measure(runs, f);
    bench::row(name, bench::millis(r.median) + " median, " + bench::millis(r.p95) + " p95 (" +
                         std::to_string(runs) + " runs)",
               "< " + bench::millis(targetMs), bench::met(r.p95 < targetMs));
}

} // namespace

int main(int argc, char** argv) {
    examsim::core::tuneAllocator(); // before anything is allocated: see core/allocator.hpp
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
    if (argc > 3) g_only = argv[3];
    const std::filesystem::path bankDir = argc > 2 ? std::filesystem::path(argv[2]) : bundledBanksDir();
    const auto banks = BankSet::load({bankDir});
    const auto profiles = loadProfilesFrom({bankDir}, banks);
    std::vector<std::string> questionIds;
    for (const auto& b : banks.banks())
        for (const auto& q : b.questions) questionIds.push_back(q.id);

    const auto learners = store.learners("", false);
    if (learners.empty()) {
        std::fprintf(stderr, "store-bench: %s has no learners (generate it with tools/gen_progress_db.py)\n", argv[1]);
        return 1;
    }
    std::fprintf(stderr, "store-bench: %zu learners; %zu questions in the banks\n", learners.size(), questionIds.size());
    auto pick = [&](int i) { return learners[static_cast<std::size_t>(i * 37) % learners.size()].id; };
    const int runs = 50;
    query("history (one learner's attempts)", runs, [&](int i) { (void)store.history(pick(i)); });
    query("dashboard: best and latest per profile", runs, [&](int i) { (void)store.profileSummaries(pick(i)); });
    query("dashboard: mastery by topic (last 20 per topic)", runs, [&](int i) { (void)store.topicMastery(pick(i)); });
    query("dashboard: weakest topics", runs, [&](int i) { (void)store.weakestTopics(pick(i), 5); });
    query("dashboard: questions never seen (all bank questions)", runs,
          [&](int i) { (void)store.unseenQuestions(pick(i), questionIds); });
    query("team roll-up (one team)", runs,
          [&](int i) { (void)store.teamRollup(learners[static_cast<std::size_t>(i) % learners.size()].team); });
    query("team roll-up (everyone)", 10, [&](int) { (void)store.teamRollup(""); });
    query("learner list", runs, [&](int) { (void)store.learners(); });

    // Issue 9 for one learner, at a time after the generated answers (the CLI's due and readiness).
    const std::int64_t now = 1'700'000'000 + 60 * 86'400;
    query("due questions and 14-day forecast (one learner, FSRS replay)", 20, [&](int i) {
        const auto cards = learnerCards(store, banks, pick(i), now);
        (void)dueForecast(cards, now, 14);
        (void)dueCards(cards, now);
    });
    if (const ExamProfile* p = readinessProfile(profiles, Level::Foundation)) {
        query("readiness for Foundation (one learner)", 20, [&](int i) {
            const auto records = store.reviewRecords(pick(i));
            (void)estimateReadiness(*p, banks, records);
            (void)timeOnTask(records, "foundation", p);
        });
    }
    if (const ExamProfile* f = profiles.find("foundation"); f && wanted("assemble a Foundation paper")) {
        const auto r = bench::measure(20, [&](int i) {
            StoreHistory h(store, pick(i));
            AssemblyOptions o;
            o.seed = static_cast<std::uint64_t>(i);
            o.history = &h;
            (void)assemblePaper(banks, *f, o);
        });
        bench::row("assemble a Foundation paper preferring the learner's unseen questions",
                   bench::millis(r.median) + " median, " + bench::millis(r.p95) + " p95 (20 runs)", "—", "—");
    }

    // Item analysis of every finished exam attempt (results item-analysis without filters).
    if (wanted("item analysis")) {
        std::size_t attempts = 0;
        double fetchMs = 0, analyseMs = 0;
        const int iaRuns = 3;
        const auto r = bench::measure(iaRuns, [&](int) {
            const auto t0 = std::chrono::steady_clock::now();
            const MarksData data = store.itemAnalysisData({});
            const auto t1 = std::chrono::steady_clock::now();
            const ItemAnalysis a = analyseItems(data);
            const auto t2 = std::chrono::steady_clock::now();
            attempts = data.attempts.size();
            fetchMs += std::chrono::duration<double, std::milli>(t1 - t0).count();
            analyseMs += std::chrono::duration<double, std::milli>(t2 - t1).count();
            (void)a;
        });
        std::fprintf(stderr, "store-bench: item analysis: read %.0f ms, analyse %.0f ms (means)\n", fetchMs / iaRuns,
                     analyseMs / iaRuns);
        bench::row("item analysis of every exam attempt (" + std::to_string(attempts) + " attempts)",
                   bench::millis(r.median) + " median of " + std::to_string(iaRuns), "< 1 s",
                   bench::met(r.median < 1000));
    }

    if (!wanted("record one answer")) return 0;
    // Recording answers durably: a new attempt for a new learner, each answer its own FULL-synced commit.
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
    const int recRuns = 200;
    const auto rec = bench::measure(recRuns, [&](int i) {
        const std::size_t pos = static_cast<std::size_t>(i) % paper.items.size();
        s.answer = keyAnswer(paper.items[pos].question);
        store.recordResponse(id, pos, paper.items[pos], s, i * 1000);
    });
    bench::row("record one answer durably (synchronous=FULL, WAL)", bench::medianP99(rec, recRuns),
               "< 2 ms median", bench::met(rec.median < 2));
    store.deleteLearner(learner.id);
    return 0;
}
