// The app's path to stored attempts (core/recorded_attempt), its remembered settings (core/app_settings)
// and the sample progress behind screenshots (core/sample_data), on real files in temp folders.
#include "core/app_settings.hpp"
#include "core/bank_set.hpp"
#include "core/profile.hpp"
#include "core/recorded_attempt.hpp"
#include "core/rng.hpp"
#include "core/sample_data.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;
using examsim::test::TempDir;

namespace {

struct Fixture {
    TempDir dir;
    BankSet banks;
    ProfileSet profiles;
    std::unique_ptr<ProgressStore> store;
    Learner learner;
    FakeClock clock;
    Fixture() {
        examsim::test::writeFixtureBanks(dir);
        banks = BankSet::load({dir.path()});
        profiles = loadProfilesFrom({dir.path()}, banks);
        store = examsim::test::openStore(dir.path() / "progress.db");
        learner = store->createLearner("Ann");
    }
    std::unique_ptr<RecordedAttempt> start(Mode mode = Mode::Exam) {
        AttemptRequest r;
        r.profileId = "mini";
        r.mode = mode;
        r.seed = 7;
        auto s = RecordedAttempt::start(store.get(), learner, banks, profiles, r, clock);
        if (auto* e = std::get_if<std::string>(&s)) FAIL(*e);
        return std::move(std::get<std::unique_ptr<RecordedAttempt>>(s));
    }
};

} // namespace

TEST_CASE("recorded attempt: every change is stored once - and a reopened attempt has its answers and time") {
    Fixture f;
    std::string id;
    {
        auto a = f.start();
        id = a->id();
        REQUIRE_FALSE(id.empty());
        auto& s = a->session();
        f.clock.advanceSeconds(30);
        s.answer(keyAnswer(s.item(0).question));
        s.setFlag(1, true);
        a->sync();
        CHECK(a->writes() == 2); // one per changed question, no more
        a->sync();
        CHECK(a->writes() == 2); // nothing changed
        f.clock.advanceSeconds(6);
        a->sync(); // a checkpoint: more than 5 s since the last write
        CHECK(a->writes() == 3);
        CHECK(f.store->attempt(id)->elapsedMs == 36'000);
        // Leaving without submitting: resumable, the lease released.
    }
    auto again = RecordedAttempt::resume(*f.store, id, f.clock);
    REQUIRE(std::holds_alternative<std::unique_ptr<RecordedAttempt>>(again));
    auto& a = *std::get<std::unique_ptr<RecordedAttempt>>(again);
    auto& s = a.session();
    CHECK(s.state(0).answer == keyAnswer(s.item(0).question));
    CHECK(s.state(1).flagged);
    CHECK(s.elapsedMs() == 36'000);
    CHECK(s.current() == 1); // the first unanswered question
    CHECK(*s.remainingMs() == 30 * 60'000 - 36'000);
}

TEST_CASE("recorded attempt: a second copy cannot open an attempt that is open - and the result is stored once") {
    Fixture f;
    auto a = f.start();
    auto otherCopy = examsim::test::openStore(f.dir.path() / "progress.db"); // another running program
    auto second = RecordedAttempt::resume(*otherCopy, a->id(), f.clock);
    REQUIRE(std::holds_alternative<std::string>(second));
    CHECK(std::get<std::string>(second) ==
          "This attempt is open in another running copy of ExamSim. Close it there, or wait 30 seconds after it stopped.");
    auto& s = a->session();
    for (std::size_t i = 0; i < s.size(); ++i) {
        s.go(i);
        s.answer(keyAnswer(s.item(i).question));
    }
    s.submit();
    a->sync();
    CHECK(a->resultStored());
    const auto stored = f.store->attempt(a->id());
    CHECK(stored->status == "submitted");
    CHECK(stored->percent == doctest::Approx(100));
    CHECK(stored->passed);
    CHECK(stored->credits == doctest::Approx(1.0));
    const auto r = loadResult(*f.store, a->id());
    REQUIRE(r);
    CHECK(r->result.raw == doctest::Approx(s.result().raw));
    CHECK(r->result.byGroup.size() == s.result().byGroup.size());
    auto finished = RecordedAttempt::resume(*f.store, a->id(), f.clock);
    CHECK(std::get<std::string>(finished) == "That attempt is finished; it can be reviewed but not resumed.");
}

TEST_CASE("recorded attempt: unknown profiles and attempts are errors - no store runs in memory") {
    Fixture f;
    AttemptRequest r;
    r.profileId = "nope";
    auto s = RecordedAttempt::start(f.store.get(), f.learner, f.banks, f.profiles, r, f.clock);
    CHECK(std::get<std::string>(s) == "There is no exam profile \"nope\".");
    CHECK(std::get<std::string>(RecordedAttempt::resume(*f.store, "missing", f.clock)) == "That attempt is not in the progress database.");
    r.profileId = "mini";
    auto mem = RecordedAttempt::start(nullptr, f.learner, f.banks, f.profiles, r, f.clock);
    auto& a = *std::get<std::unique_ptr<RecordedAttempt>>(mem);
    CHECK(a.id().empty());
    CHECK(a.warning() == "No progress database is open: this attempt runs in memory only.");
    a.session().answer(keyAnswer(a.session().item(0).question));
    a.sync(); // nothing to write to, and no crash
    CHECK(a.writes() == 0);
}

TEST_CASE("wrong answers of simulated learners never earn full marks") {
    Fixture f;
    Rng rng(3);
    int checked = 0;
    for (const auto& b : f.banks.banks())
        for (const auto& q : b.questions) {
            if (q.status != Status::Ready) continue;
            for (int k = 0; k < 5; ++k) CHECK(scoreAnswer(q, wrongAnswer(q, rng)) < q.marks);
            ++checked;
        }
    CHECK(checked >= 6);
}

TEST_CASE("sample progress: a team of three - a month of history - one exam to resume") {
    TempDir dir;
    const auto paths = std::vector<std::filesystem::path>{examsim::test::sourceDir() / "question-banks"};
    const auto banks = BankSet::load(paths);
    const auto profiles = loadProfilesFrom(paths, banks);
    auto store = examsim::test::openStore(dir.path() / "sample.db");
    SampleOptions o;
    o.now = 1'790'000'000;
    const auto sam = populateSampleProgress(*store, banks, profiles, o);
    CHECK(sam.name == "Sam Sample");
    CHECK(store->learners("Service Desk").size() == 3);
    const auto history = store->history(sam.id);
    CHECK(history.size() == 12);
    const auto open = store->inProgressAttempt(sam.id);
    REQUIRE(open);
    CHECK(open->answered == 12);
    CHECK(open->meta.profileId == "foundation");
    int exams = 0;
    for (const auto& a : history) {
        CHECK(a.startedAt <= o.now);
        CHECK(a.startedAt >= o.now - 31 * 86'400);
        if (a.meta.profileId == "foundation" && a.meta.mode == Mode::Exam && a.status == "submitted") ++exams;
    }
    CHECK(exams == 5);
}

TEST_CASE("settings: defaults when missing - a round trip - a damaged file set aside with a message") {
    TempDir dir;
    const auto path = dir.path() / "cfg" / "settings.json";
    auto loaded = loadSettings(path);
    CHECK(loaded.message.empty());
    CHECK(loaded.settings == AppSettings{});
    AppSettings s;
    s.theme = "light";
    s.fontSize = 21;
    s.windowX = 40;
    s.windowWidth = 1600;
    s.lastLearnerId = "abc";
    s.extraTimePercent = 25;
    CHECK(saveSettings(path, s).empty());
    CHECK(loadSettings(path).settings == s);

    dir.write("cfg/settings.json", "{\"theme\": \"purple\", \"fontSize\": 99, \"window\": {\"width\": 10}}");
    loaded = loadSettings(path);
    CHECK(loaded.message.empty());
    CHECK(loaded.settings.theme == "dark");
    CHECK(loaded.settings.fontSize == 32.0f);
    CHECK(loaded.settings.windowWidth == 640);

    dir.write("cfg/settings.json", "{\"theme\": ");
    loaded = loadSettings(path);
    CHECK(loaded.settings == AppSettings{});
    CHECK(loaded.message.starts_with("The settings file " + path.string() + " is damaged ("));
    CHECK(loaded.message.ends_with("); the defaults are used and the damaged file was kept as " + path.string() + ".bad."));
    CHECK(std::filesystem::exists(path.string() + ".bad"));
    CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("a second connection of this process opened and closed never costs the first its later writes") {
    // Closing any descriptor of a database file drops this process's POSIX locks on it; a header check
    // done that way once made SQLite delete the live WAL under the app's connection (the home screen's
    // background work opens its own connection), and every later answer was lost.
    TempDir dir;
    const auto path = dir.path() / "p.db";
    std::string id;
    {
        auto a = examsim::test::openStore(path);
        a->createLearner("Before");
        { auto b = examsim::test::openStore(path); CHECK(b->learners().size() == 1); }
        id = a->createLearner("After").id;
    }
    auto c = examsim::test::openStore(path);
    CHECK(c->learners().size() == 2);
    CHECK(c->learner(id).has_value());
}
