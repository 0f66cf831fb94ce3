// Competency records: per learner, each level's attempts, best and latest score, first pass, trend and
// weakest topics, with the credit ledger; per team, learners x levels and a heatmap of weak topics.
// Plain structs for the screens, and HTML / JSON / CSV renderings.
#pragma once

#include "core/bank_set.hpp"
#include "core/adaptive.hpp"
#include "core/profile.hpp"
#include "core/readiness.hpp"
#include "core/report/credit_ledger.hpp"
#include "core/store/progress_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace examsim::core {

struct TopicLine {
    std::string topic;
    std::string title; // from the banks when they know the topic, else the id
    int answers = 0;
    int correct = 0;
    double share() const { return answers ? static_cast<double>(correct) / answers : 0.0; }
};

struct LevelRecord {
    std::string profileId;
    std::string profileTitle;
    std::string level; // "foundation", … (the profile id when the profile is unknown)
    int attempts = 0;  // finished exam-mode attempts
    double bestPercent = 0;
    double latestPercent = 0;
    bool passed = false;
    std::int64_t firstPassAt = 0;
    std::int64_t lastAt = 0;
    std::vector<double> trend; // percent of each finished exam-mode attempt, oldest first
    std::string direction;     // "up", "down" or "level" (latest against the one before); "" for one attempt
    std::vector<TopicLine> weakestTopics; // of the answers given on this profile's papers, lowest share first
    // Issue 9: the estimated chance of passing the level's exam now (readinessProfile of the level),
    // with its band and what to study next; empty without profiles and banks, or for a profile that is
    // not of one level.
    std::optional<Readiness> readiness;
};

struct CompetencyRecord {
    Learner learner;
    std::int64_t generatedAt = 0;
    std::vector<LevelRecord> levels;      // in the order of the profiles file, unknown profiles last
    std::vector<TopicLine> weakestTopics; // over all the learner's answers
    int examAttempts = 0, studyAttempts = 0, drillAttempts = 0; // finished
    CreditLedger ledger;
    bool selfReported = true;
    // Issue 9: questions due for review now and falling due on each of the next 14 days (FSRS); empty
    // without banks.
    std::optional<DueForecast> due;
};

// Weakest topics count at most 5, over each topic's last 20 answers, with at least 3 answers.
CompetencyRecord buildCompetencyRecord(const ProgressStore& store, const Learner& learner,
                                       const ProfileSet* profiles = nullptr, const BankSet* banks = nullptr,
                                       std::int64_t now = 0);
std::string renderCompetencyRecordHtml(const CompetencyRecord& record, const std::string& css);
std::string renderCompetencyRecordJson(const CompetencyRecord& record);

struct TeamCell {
    int attempts = 0; // 0: never sat in exam mode
    double bestPercent = 0;
    bool passed = false;
    std::int64_t date = 0; // first pass when passed, else the latest attempt
    double credits = 0;    // credit equivalent earned on this level's first pass
};

struct TeamMember {
    Learner learner;
    std::vector<TeamCell> cells;   // one per TeamRecord::profiles
    std::vector<TopicLine> topics; // one per TeamRecord::topics (answers 0: none on that topic)
    double credits = 0;            // ledger total
    double countedCredits = 0;     // at most 6
};

struct TeamRecord {
    std::string team; // "" = everyone
    std::int64_t generatedAt = 0;
    std::vector<std::string> profiles; // columns: profile ids
    std::vector<std::string> profileTitles;
    std::vector<TeamMember> members; // every unarchived learner of the team, by name
    std::vector<TopicLine> topics;   // the team's answers per topic, weakest first
};

TeamRecord buildTeamRecord(const ProgressStore& store, const std::string& team,
                           const ProfileSet* profiles = nullptr, const BankSet* banks = nullptr,
                           std::int64_t now = 0);
std::string renderTeamRecordHtml(const TeamRecord& record, const std::string& css);
std::string renderTeamRecordJson(const TeamRecord& record);
std::string renderTeamRecordCsv(const TeamRecord& record); // one row per learner x profile

} // namespace examsim::core
