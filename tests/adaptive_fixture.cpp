#include "adaptive_fixture.hpp"

#include "core/scoring.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace examsim::test {

using nlohmann::json;

std::string adaptiveBankJson(const std::vector<std::string>& topics, int perTopic, const std::string& level,
                             const std::string& keyOf1) {
    json bank{{"format", "examsim-bank"},
              {"format_version", 1},
              {"bank",
               {{"id", "adaptive-test"},
                {"title", "Adaptive test bank"},
                {"version", "1.0.0"},
                {"language", "en"},
                {"license", "CC-BY-4.0"},
                {"authors", {"Test Author"}},
                {"standard", {{"name", "ISO/IEC 20000"}, {"part", "1"}, {"edition", 2018}}}}},
              {"topics", json::array({{{"id", "grp"}, {"title", "Group"}}})},
              {"questions", json::array()}};
    for (const auto& t : topics) {
        bank["topics"].push_back({{"id", t},
                                  {"title", "Topic " + t},
                                  {"part", "1"},
                                  {"edition", 2018},
                                  {"clause", "8.1"},
                                  {"parent", "grp"}});
        for (int n = 1; n <= perTopic; ++n) {
            const std::string id = fmt::format("{}-{}", t, n);
            json q{{"id", id},
                   {"status", "ready"},
                   {"level", level},
                   {"type", "single"},
                   {"stem", fmt::format("Which statement about topic {} is true (question {})?", t, n)},
                   {"options", json::array()},
                   {"key", n == 1 ? keyOf1 : "a"},
                   {"explanation", "Only one statement is true."},
                   {"references", json::array({{{"part", "1"}, {"edition", 2018}, {"clause", "8.1"}}})},
                   {"topic", t},
                   {"difficulty", 1},
                   {"cognitive_level", "knowledge"}};
            for (const char* o : {"a", "b", "c", "d"})
                q["options"].push_back({{"id", o}, {"text", fmt::format("Statement {} of {}", o, id)}});
            bank["questions"].push_back(q);
        }
    }
    return bank.dump(2);
}

StudyDb::StudyDb(const std::string& bankJson, const std::string& learnerName) {
    reloadBanks(bankJson);
    auto opened = core::ProgressStore::open(dbPath());
    REQUIRE(std::holds_alternative<std::unique_ptr<core::ProgressStore>>(opened));
    store = std::move(std::get<std::unique_ptr<core::ProgressStore>>(opened));
    learner = store->createLearner(learnerName);
}

void StudyDb::reloadBanks(const std::string& bankJson) {
    std::filesystem::create_directories(bankDir());
    dir.write("banks/bank.json", bankJson);
    banks = core::BankSet::load({bankDir()});
    REQUIRE(banks.counts().errors == 0);
}

void StudyDb::answer(const std::string& questionId, bool correct, std::int64_t at, int confidence,
                     bool flagged, std::int64_t timeMs) {
    const core::Question* q = banks.question(questionId);
    REQUIRE(q != nullptr);
    core::Paper paper;
    paper.profileId = "study";
    paper.items.push_back(core::paperItemFor(banks, *q, 1));
    core::AttemptMeta meta;
    meta.profileId = "study";
    meta.profileTitle = "Study";
    meta.mode = core::Mode::Study;
    const std::string attempt = store->startAttempt(learner, paper, meta);
    core::ItemState s;
    s.answer = core::keyAnswer(*q);
    if (!correct) s.answer.selected = {s.answer.selected[0] == "b" ? "c" : "b"};
    s.checked = true;
    s.flagged = flagged;
    s.confidence = confidence;
    s.timeMs = timeMs;
    store->recordResponse(attempt, 0, paper.items[0], s, timeMs);
    store->finishAttempt(attempt, core::SessionStatus::Submitted, core::Result{});
    SQLite::Database db(dbPath().string(), SQLite::OPEN_READWRITE);
    SQLite::Statement st(db, "UPDATE responses SET answered_at = ? WHERE attempt_id = ?");
    st.bind(1, static_cast<int64_t>(at));
    st.bind(2, attempt);
    st.exec();
}

} // namespace examsim::test
