// Known attempts for the report and records tests, built through the store API on the fixture bank
// (tests/data/valid-bank.json, profile "mini": T-001 single 1 mark, T-002 multiple 2 marks, T-003
// true/false 1 mark; all on topic "inc" in group "grp", Part 1), with fixed times set afterwards.
#pragma once

#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/profile.hpp"
#include "core/scoring.hpp"
#include "core/store/progress_store.hpp"
#include "test_util.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <memory>
#include <set>
#include <string>

namespace examsim::test {

inline const core::BankSet& fixtureBankSet() {
    static const core::BankSet b = core::BankSet::load({sourceDir() / "tests/data/valid-bank.json"});
    return b;
}

inline const core::ProfileSet& fixtureProfiles() {
    static const core::ProfileSet p = core::loadProfiles(sourceDir() / "tests/data/exams-fixture.json");
    return p;
}

inline std::unique_ptr<core::ProgressStore> openStore(const std::filesystem::path& p) {
    auto r = core::ProgressStore::open(p);
    if (auto* e = std::get_if<core::StoreError>(&r)) FAIL(e->message);
    return std::move(std::get<std::unique_ptr<core::ProgressStore>>(r));
}

// An answer that earns nothing: options outside the key, or the other truth value.
inline core::Answer wrongAnswer(const core::Question& q) {
    core::Answer a;
    if (q.type == core::QuestionType::TrueFalse) {
        a.selected = {q.keyTrue ? "false" : "true"};
        return a;
    }
    const std::set<std::string> key(q.keyIds.begin(), q.keyIds.end());
    for (const auto& o : q.options)
        if (!key.count(o.id) && a.selected.size() < q.keyIds.size()) a.selected.push_back(o.id);
    return a;
}

struct Sitting {
    std::string profileId = "mini";
    std::string title = "Mini paper";
    core::Mode mode = core::Mode::Exam;
    double credits = 1.0;                   // the profile's credit equivalent
    std::set<std::string> wrong;            // question ids answered wrongly
    std::set<std::string> unanswered;       // question ids left blank
    std::int64_t startedAt = 1'800'000'000; // 2027-01-15T08:00:00Z
    std::int64_t timeUsedMs = 754'500;      // 12:34.5
    std::uint64_t seed = 5;
};

// Sits the mini paper as described and returns the attempt id.
inline std::string sit(core::ProgressStore& store, const core::Learner& learner, const Sitting& s) {
    core::AssemblyOptions o;
    o.seed = s.seed;
    const core::Paper paper =
        std::get<core::Paper>(core::assemblePaper(fixtureBankSet(), *fixtureProfiles().find("mini"), o));
    core::AttemptMeta meta;
    meta.profileId = s.profileId;
    meta.profileTitle = s.title;
    meta.mode = s.mode;
    meta.seed = s.seed;
    meta.banks = "fixture@1";
    meta.config = core::SessionConfig{s.mode, 30, 0, 50, s.credits};
    const std::string id = store.startAttempt(learner, paper, meta);
    std::vector<core::Answer> answers;
    std::vector<std::int64_t> times;
    for (std::size_t i = 0; i < paper.items.size(); ++i) {
        const core::Question& q = paper.items[i].question;
        core::ItemState st;
        if (s.wrong.count(q.id))
            st.answer = wrongAnswer(q);
        else if (!s.unanswered.count(q.id))
            st.answer = core::keyAnswer(q);
        st.timeMs = 10'000 * static_cast<std::int64_t>(i + 1);
        st.checked = s.mode != core::Mode::Exam;
        if (!st.answer.empty()) store.recordResponse(id, i, paper.items[i], st, 1000);
        answers.push_back(st.answer);
        times.push_back(st.timeMs);
    }
    const core::Result r =
        core::scorePaper(paper, answers, times,
                         core::ScoringRules{50, s.mode == core::Mode::Exam ? s.credits : 0}, s.timeUsedMs);
    store.finishAttempt(id, core::SessionStatus::Submitted, r);
    SQLite::Database db(store.path().string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    SQLite::Statement st(db, "UPDATE attempts SET started_at = ?, finished_at = ? WHERE id = ?");
    st.bind(1, static_cast<int64_t>(s.startedAt));
    st.bind(2, static_cast<int64_t>(s.startedAt + s.timeUsedMs / 1000));
    st.bind(3, id);
    st.exec();
    SQLite::Statement rs(db, "UPDATE responses SET answered_at = ? + position * 60 WHERE attempt_id = ?");
    rs.bind(1, static_cast<int64_t>(s.startedAt));
    rs.bind(2, id);
    rs.exec();
    store.rebuildChain(learner.id); // issue 10: the times were rewritten on purpose
    return id;
}

// Ann: a fail then two passes of the mini paper in exam mode, one study session; Bo: one pass.
struct TwoLearners {
    TempDir dir;
    std::unique_ptr<core::ProgressStore> store = openStore(dir.path() / "learners.db");
    core::Learner ann = store->createLearner("Ann", "Ops");
    core::Learner bo = store->createLearner("Bo", "Ops");
    std::vector<std::string> annAttempts;
    std::string boAttempt;
    TwoLearners() {
        Sitting fail;
        fail.wrong = {"T-002", "T-003"}; // 1/4 = 25 %
        fail.startedAt = 1'800'000'000;
        Sitting pass;
        pass.wrong = {"T-001"}; // 3/4 = 75 %
        pass.startedAt = 1'800'086'400;
        Sitting again;
        again.startedAt = 1'800'172'800; // 4/4
        Sitting study;
        study.mode = core::Mode::Study;
        study.startedAt = 1'800'200'000;
        for (const auto& s : {fail, pass, again, study}) annAttempts.push_back(sit(*store, ann, s));
        Sitting boPass;
        boPass.wrong = {"T-003"};
        boPass.startedAt = 1'800'300'000;
        boAttempt = sit(*store, bo, boPass);
    }
};

} // namespace examsim::test
