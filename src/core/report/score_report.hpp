// The score report of one finished attempt, as a plain struct a screen can show, and its renderings:
// a self-contained HTML page (prints to A4), JSON and CSV.
#pragma once

#include "core/bank_set.hpp"
#include "core/profile.hpp"
#include "core/report/credit_ledger.hpp"
#include "core/store/progress_store.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace examsim::core {

struct ReportError {
    std::string message;
};

struct ReportBar {
    std::string key;   // topic group id, topic id or part ("other" when none)
    std::string label; // a title when the banks know it, else the key
    int questions = 0;
    int correct = 0;
    double earned = 0;
    double available = 0;
    double percent = 0;
};

struct MissedQuestion {
    int number = 0; // position on the paper, from 1
    std::string questionId;
    std::string topic;
    std::string stem;
    std::string explanation;
    std::vector<std::string> references; // formatted ("ISO/IEC 20000-1:2018 clause 8.6.1")
    double earned = 0;
    double marks = 0;
    bool answered = false;
};

// One regrade of one question of the attempt (or, from an older database or bundle, a change of the
// score without a question: number 0).
struct ReportAdjustment {
    int number = 0; // position on the paper, from 1
    std::string questionId;
    double oldEarned = 0;
    double newEarned = 0;
    double delta = 0;
    double newScore = 0, newPercent = 0; // the attempt's result after it
    bool newPassed = false;
    std::int64_t at = 0;
    std::string reason;
};

struct ScoreReport {
    std::string attemptId;
    Learner learner;
    std::string profileId;
    std::string profileTitle;
    std::string profileDescription; // from exams.json when the profile is known
    bool practiceFormat = false;
    std::string format; // "3 questions, 4 marks, 30 minutes, pass mark 50 %"
    std::string mode;   // exam, study, drill
    std::string status; // submitted, timed_out
    std::uint64_t seed = 0;
    std::string banks;
    std::int64_t startedAt = 0;
    std::int64_t finishedAt = 0;
    std::int64_t timeUsedMs = 0;
    int timeLimitMinutes = 0; // 0 = untimed
    double extraTimePercent = 0;
    int questions = 0;
    int answered = 0;
    double raw = 0;
    double max = 0;
    double percent = 0;
    double passMarkPercent = 0;
    bool passed = false;
    double creditEquivalent = 0; // the profile's equivalent when this attempt carries credit, else 0
    bool creditRepeat = false;   // the level was passed before: this pass earns nothing more
    double creditEarned = 0;
    std::vector<ReportBar> byGroup;
    std::vector<ReportBar> byTopic;
    std::vector<ReportBar> byPart;
    std::vector<MissedQuestion> missed; // wrong, partly right or unanswered, in paper order
    bool selfReported = true;
    // Issue 8 regrades: raw, percent, passed, the bars, the questions missed and the credit above are the
    // result after the adjustment records; these are as recorded when the attempt finished.
    double recordedRaw = 0;
    double recordedPercent = 0;
    bool recordedPassed = false;
    std::vector<ReportAdjustment> adjustments; // oldest first
};

// A finished (submitted or timed-out) attempt. `profiles` and `banks`, when given, add the profile's
// description, the learner's level for the credit ledger and topic titles.
std::variant<ScoreReport, ReportError> buildScoreReport(const ProgressStore& store,
                                                        const std::string& attemptId,
                                                        const ProfileSet* profiles = nullptr,
                                                        const BankSet* banks = nullptr);

// The report stylesheet, assets/report/report.css under the data folder, or why it cannot be read.
std::variant<std::string, ReportError> loadReportCss();

std::string renderScoreReportHtml(const ScoreReport& report, const std::string& css);
std::string renderScoreReportJson(const ScoreReport& report);
std::string renderScoreReportCsv(const ScoreReport& report);

} // namespace examsim::core
