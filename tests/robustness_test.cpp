// Robustness (issue 10): the per-learner hash chain and `verify`, owner-only files, user text that is
// only ever data, and faults — a locked, full or read-only database, a missing bank folder, a damaged
// settings file — each with a clear message and nothing lost.
#include "core/app_settings.hpp"
#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/profile.hpp"
#include "core/recorded_attempt.hpp"
#include "core/store/progress_store.hpp"
#include "test_util.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <csignal>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace examsim::core;
using examsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

const BankSet& fixtureBanks() {
    static const BankSet b = BankSet::load({examsim::test::sourceDir() / "tests/data/valid-bank.json"});
    return b;
}

// A finished attempt on a 4-question drill: answers of the key on the first `right` questions.
std::string finished(ProgressStore& store, const Learner& l, std::uint64_t seed, std::size_t right) {
    DrillSpec spec;
    spec.count = 4;
    AssemblyOptions o;
    o.seed = seed;
    const Paper paper = std::get<Paper>(assembleDrill(fixtureBanks(), spec, o));
    AttemptMeta m;
    m.profileId = "mini";
    m.profileTitle = "Mini paper";
    m.seed = seed;
    const std::string id = store.startAttempt(l, paper, m);
    for (std::size_t i = 0; i < paper.items.size(); ++i) {
        ItemState s;
        s.answer = i < right ? keyAnswer(paper.items[i].question) : Answer{{"zz"}, {}};
        store.recordResponse(id, i, paper.items[i], s, 1000 * static_cast<std::int64_t>(i + 1));
    }
    Result r;
    r.raw = static_cast<double>(right);
    r.max = 4;
    r.percent = 25.0 * static_cast<double>(right);
    r.passed = right >= 2;
    store.finishAttempt(id, SessionStatus::Submitted, r);
    return id;
}

std::string cli(const std::string& args) {
    return examsim::test::shellQuote(EXAMSIM_CLI_PATH) + " " + args;
}

std::string dbArg(const fs::path& db) { return "--db " + examsim::test::shellQuote(db.string()); }

int mode(const fs::path& p) {
    struct stat st{};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return static_cast<int>(st.st_mode & 0777);
}

std::vector<std::string> messages(const ChainReport& r) {
    std::vector<std::string> out;
    for (const auto& p : r.problems) out.push_back(p.message);
    return out;
}

} // namespace

TEST_CASE("hash chain: a clean database verifies and each edit made outside the program is reported") {
    TempDir dir;
    const auto db = dir.path() / "progress.db";
    std::string a1, a2;
    {
        auto store = examsim::test::openStore(db);
        const Learner kim = store->createLearner("Kim");
        a1 = finished(*store, kim, 1, 3);
        a2 = finished(*store, kim, 2, 1);
        AdjustmentRecord adj;
        adj.attemptId = a1;
        adj.questionId = "T-001";
        adj.oldEarned = 0;
        adj.newEarned = 1;
        adj.newScore = 4;
        adj.newPercent = 100;
        adj.newPassed = true;
        adj.reason = "key corrected";
        store->appendAdjustments({adj});
        store->startAttempt(kim, std::get<Paper>(assembleDrill(fixtureBanks(), DrillSpec{}, AssemblyOptions{})), AttemptMeta{});
        const ChainReport r = store->verifyChains();
        CHECK(r.learners == 1);
        CHECK(r.records == 5); // two attempts (result and responses each) and one adjustment; not the open attempt
        CHECK(r.problems.empty());
    }
    auto ok = examsim::test::run(cli(dbArg(db) + " verify"));
    CHECK(ok.exitCode == 0);
    CHECK(ok.output == "5 records of 1 learner verified: every chain is intact.\n");

    SUBCASE("an edited score") {
        SQLite::Database(db.string(), SQLite::OPEN_READWRITE).exec(fmt::format("UPDATE attempts SET score = 4 WHERE id = '{}'", a2));
        auto store = examsim::test::openStore(db);
        const ChainReport r = store->verifyChains();
        REQUIRE(r.problems.size() == 1);
        const ChainProblem& p = r.problems[0];
        CHECK(p.seq == 3);
        CHECK(p.kind == "attempt");
        CHECK(p.recordId == a2);
        CHECK(p.storedHash != p.recomputedHash);
        CHECK(p.message == fmt::format("record 3 (attempt result {}): changed since it was stored (stored hash {}, recomputed {})", a2,
                                       p.storedHash.substr(0, 16), p.recomputedHash.substr(0, 16)));
        const auto out = examsim::test::run(cli(dbArg(db) + " verify --learner Kim"));
        CHECK(out.exitCode == 1);
        CHECK(out.output.find("Kim (" + p.learnerId + "):\n  " + p.message + "\n") == 0);
        CHECK(out.output.find("1 problem found in 5 records of 1 learner: these records were changed outside ExamSim.") !=
              std::string::npos);
    }
    SUBCASE("a deleted response") {
        SQLite::Database(db.string(), SQLite::OPEN_READWRITE)
            .exec(fmt::format("DELETE FROM responses WHERE attempt_id = '{}' AND position = 3", a1));
        auto store = examsim::test::openStore(db);
        const auto m = messages(store->verifyChains());
        REQUIRE(m.size() == 1);
        CHECK(m[0].find(fmt::format("record 2 (responses of attempt {}): changed since it was stored", a1)) == 0);
    }
    SUBCASE("a removed chain entry and a record added by another program") {
        {
            SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
            raw.exec("DELETE FROM record_chain WHERE seq = 5"); // the adjustment's entry
            raw.exec(fmt::format("UPDATE adjustments SET reason = 'x' WHERE attempt_id = '{}'", a1));
        }
        auto store = examsim::test::openStore(db);
        const auto m = messages(store->verifyChains());
        REQUIRE(m.size() == 1);
        CHECK(m[0] == "adjustment 1 is not in the chain (it was added outside the program)");
        SQLite::Database(db.string(), SQLite::OPEN_READWRITE).exec("DELETE FROM record_chain WHERE seq = 2");
        const auto m2 = messages(store->verifyChains());
        REQUIRE(m2.size() == 2);
        CHECK(m2[0] == fmt::format("record 3 (attempt result {}): the link to the record before it is broken (an entry of the "
                                   "chain was removed, reordered or edited)",
                                   a2));
    }
    SUBCASE("verify of an unknown learner or a missing database") {
        const auto r = examsim::test::run(cli(dbArg(db) + " verify --learner Nobody"));
        CHECK(r.exitCode != 0);
        CHECK(r.output.find("Nobody") != std::string::npos);
        const auto m = examsim::test::run(cli(dbArg(dir.path() / "none.db") + " verify"));
        CHECK(m.exitCode == 1);
        CHECK(m.output.find("none.db does not exist") != std::string::npos);
    }
}

TEST_CASE("schema v4 migration computes the hash chain of existing records and keeps a v3 backup") {
    TempDir dir;
    const auto path = dir.path() / "progress.db";
    ProgressStore::createAtVersion(path, 3);
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("INSERT INTO learners(id, name, team, created_at) VALUES ('l1', 'Old learner', 'T', 1)");
        db.exec("INSERT INTO attempts(id, learner_id, profile_id, profile_title, mode, seed, banks, time_limit_minutes, "
                "extra_time_percent, pass_mark_percent, credits_if_passed, started_at, finished_at, status, score, max_score, "
                "percent, passed, credits) VALUES ('a1', 'l1', 'mini', 'Mini', 'exam', 1, 'b@1', 30, 0, 50, 1, 100, 200, "
                "'submitted', 1, 2, 50, 1, 1), ('a2', 'l1', 'mini', 'Mini', 'exam', 2, 'b@1', 30, 0, 50, 1, 300, NULL, "
                "'in_progress', NULL, NULL, NULL, NULL, NULL)");
        db.exec("INSERT INTO responses(attempt_id, position, learner_id, question_id, topic, part, answer, flagged, checked, "
                "correct, earned, time_ms, changes, answered_at) VALUES ('a1', 0, 'l1', 'T-001', 'inc', '1', "
                "'{\"m\":[],\"s\":[\"a\"]}', 0, 0, 1, 1, 900, 1, 150)");
        db.exec("INSERT INTO adjustments(attempt_id, created_at, reason, delta, new_score, new_percent, new_passed) "
                "VALUES ('a1', 250, 'regrade', 1, 2, 100, 1)");
    }
    auto store = examsim::test::openStore(path);
    const ChainReport r = store->verifyChains();
    CHECK(r.records == 3); // a1's result, a1's responses, the adjustment; the open a2 is not chained yet
    CHECK(r.problems.empty());
    const auto backup = path.string() + ".bak-v3";
    REQUIRE(fs::exists(backup));
    CHECK(mode(backup) == 0600);
    SQLite::Database b(backup, SQLite::OPEN_READONLY);
    CHECK(b.execAndGet("PRAGMA user_version").getInt() == 3);
    CHECK(b.execAndGet("SELECT count(*) FROM attempts").getInt() == 2);
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 4);
    CHECK(db.execAndGet("SELECT group_concat(kind || ':' || record_id, ' ') FROM record_chain ORDER BY seq").getString() ==
          "attempt:a1 responses:a1 adjustment:1");
}

TEST_CASE("merging flags the records of a source database whose chain does not verify") {
    TempDir dir;
    const auto source = dir.path() / "source.db", target = dir.path() / "target.db";
    std::string tampered;
    {
        auto store = examsim::test::openStore(source);
        const Learner ann = store->createLearner("Ann");
        finished(*store, ann, 3, 4);
        tampered = finished(*store, ann, 4, 0);
    }
    SQLite::Database(source.string(), SQLite::OPEN_READWRITE)
        .exec(fmt::format("UPDATE attempts SET percent = 100, passed = 1 WHERE id = '{}'", tampered));
    const auto r = examsim::test::run(cli(dbArg(target) + " merge " + examsim::test::shellQuote(source.string())));
    CAPTURE(r.output);
    CHECK(r.exitCode == 0);
    CHECK(r.output.find("added 1 learner, 2 attempts") != std::string::npos);
    CHECK(r.output.find(fmt::format("  note: unverified: learner ")) != std::string::npos);
    CHECK(r.output.find(fmt::format("record 3 (attempt result {}): changed since it was stored", tampered)) != std::string::npos);
    // Merged records join the target's own chain, so the target verifies (from here on edits show).
    const auto v = examsim::test::run(cli(dbArg(target) + " verify"));
    CHECK(v.exitCode == 0);
    CHECK(v.output == "4 records of 1 learner verified: every chain is intact.\n");
}

TEST_CASE("records are stored owner-only: database - WAL - backup - bundle - settings and the folders created") {
    TempDir dir;
    const auto db = dir.path() / "new" / "sub" / "progress.db";
    {
        auto store = examsim::test::openStore(db);
        const Learner l = store->createLearner("Kim");
        finished(*store, l, 1, 2);
        CHECK(mode(db) == 0600);
        CHECK(mode(db.string() + "-wal") == 0600);
        CHECK(mode(db.string() + "-shm") == 0600);
        CHECK(mode(dir.path() / "new") == 0700);
        CHECK(mode(dir.path() / "new" / "sub") == 0700);
    }
    const auto bundle = dir.path() / "kim.json";
    const auto r = examsim::test::run(cli(dbArg(db) + " export --learner Kim --out " + examsim::test::shellQuote(bundle.string())));
    CAPTURE(r.output);
    REQUIRE(r.exitCode == 0);
    CHECK(mode(bundle) == 0600);
    const auto settings = dir.path() / "config" / "examsim" / "settings.json";
    CHECK(saveSettings(settings, AppSettings{}) == "");
    CHECK(mode(settings) == 0600);
    CHECK(mode(settings.parent_path()) == 0700);
}

TEST_CASE("names and free text full of quotes - semicolons - wildcards - NUL and 10000 characters are data only") {
    TempDir dir;
    const auto db = dir.path() / "progress.db";
    const std::string nul("a\0b", 3);
    const std::vector<std::string> texts{"Robert'); DROP TABLE learners;--",
                                         "100% _match_ \"double\" 'single' `tick`",
                                         "semi;colon; DELETE FROM responses; --",
                                         nul + "' OR '1'='1",
                                         std::string(10000, 'x') + "';--",
                                         "%",
                                         "_"};
    auto store = examsim::test::openStore(db);
    const Learner other = store->createLearner("Other", "Team A");
    const std::string otherAttempt = finished(*store, other, 1, 2);
    const auto before = store->verifyChains();
    for (const auto& t : texts) {
        CAPTURE(t.size());
        const Learner l = store->createLearner(t, t);
        const auto back = store->learnerByName(t);
        REQUIRE(back);
        CHECK(back->id == l.id);
        CHECK(back->name == t);
        CHECK(back->team == t);
        CHECK(store->learners(t).size() == 1); // by team: exactly that team, no wildcard match
        store->renameLearner(l.id, t + t);
        CHECK(store->learner(l.id)->name == t + t);
        Erratum e;
        e.learnerId = l.id;
        e.questionId = t;
        e.text = t;
        const auto id = store->addErratum(e);
        CHECK(store->erratum(id)->text == t);
        CHECK(store->erratum(id)->questionId == t);
        CHECK(store->resolveErratum(id, t));
        CHECK(store->erratum(id)->resolution == t);
    }
    // Nothing else changed.
    CHECK(store->learner(other.id)->name == "Other");
    CHECK(store->learners("Team A").size() == 1);
    CHECK(store->history(other.id).size() == 1);
    CHECK(store->history(other.id)[0].percent == 50);
    CHECK(store->learners().size() == texts.size() + 1);
    CHECK(store->verifyChains().records == before.records);
    CHECK(store->verifyChains().problems.empty());
    CHECK(store->integrityCheck(false) == "ok");

    // Through the terminal: a learner created by `take` under such a name is found again by name.
    TempDir banks;
    examsim::test::writeFixtureBanks(banks);
    for (const std::string name : {"O'Brien; DROP TABLE attempts;--", "50% _of_ \"us\""}) {
        const auto r = examsim::test::run(cli(dbArg(db) + " --banks " +
                                              examsim::test::shellQuote(banks.path().string()) +
                                              " take --profile mini --learner " + examsim::test::shellQuote(name) + " < /dev/null"));
        CAPTURE(r.output);
        CHECK(r.exitCode == 0);
        CHECK(store->learnerByName(name));
        const auto h = examsim::test::run(cli(dbArg(db) + " history --learner " + examsim::test::shellQuote(name)));
        CAPTURE(h.output);
        CHECK(h.exitCode == 0);
        CHECK(h.output.find("  mini               exam   submitted") != std::string::npos);
    }
    CHECK(store->history(other.id).size() == 1);
    CHECK(store->learners().size() == texts.size() + 3);
}
